"use client";

import { useFormStatus } from "react-dom";
import { Button } from "../../ui/button";

function Submit() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="danger" disabled={pending} className="px-3 py-1">
      {pending ? "Revoking…" : "Revoke"}
    </Button>
  );
}

/** Revokes after a confirmation: requests with the key fail at once and it cannot be re-enabled. */
export function RevokeApiKeyButton({ id, name, action }: { id: string; name: string; action: (formData: FormData) => Promise<void> }) {
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Revoke the API key “${name}”? Requests using it will fail at once. This cannot be undone.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <Submit />
    </form>
  );
}
