"use client";

import { useFormStatus } from "react-dom";
import { Button } from "../ui/button";

type Props = React.ComponentProps<typeof Button> & { pendingLabel: string };

/** A submit button that says what is happening while its form's server action runs. */
export function SubmitButton({ pendingLabel, children, ...props }: Props) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending} aria-disabled={pending} {...props}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
