import type { ActionState } from "@/lib/http/validated-action";
import { formatPrice, formatSites } from "@/lib/products/format";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ProductUpgradeForm, type UpgradeTarget } from "./product-upgrade-form";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export type UpgradePathRow = {
  id: string;
  toProduct: { id: string; name: string; maxActivations: number; active: boolean };
  /** null = the difference of the two prices at checkout. */
  fixedPriceCents: number | null;
  priceNowCents: number;
};

type Props = {
  product: { id: string; name: string; currency: string };
  paths: UpgradePathRow[];
  targets: UpgradeTarget[];
  actions: { add: Action; remove: Action };
};

/**
 * A product's upgrade paths on its edit page: where its keys may move (the same key, a new product
 * and limit), at what price, and the form to add or remove one.
 */
export function ProductUpgradePaths({ product, paths, targets, actions }: Props) {
  const money = (cents: number) => formatPrice(cents, product.currency);
  return (
    <Card
      title="Upgrade paths"
      description={`Account → Licenses offers each path on a customer's active ${product.name} key. On payment the same key moves to the other product, with its site limit; its expiry stays.`}
    >
      {paths.length === 0 ? (
        <p className="text-sm text-slate-600">No upgrade paths yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 border-y border-slate-100" aria-label="Upgrade paths">
          {paths.map((path) => (
            <li key={path.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
              <div className="min-w-0 space-y-0.5">
                <p className="font-medium">
                  To {path.toProduct.name} <span className="font-normal text-slate-500">({formatSites(path.toProduct.maxActivations).toLowerCase()})</span>{" "}
                  {!path.toProduct.active && <Badge tone="amber">Hidden: not offered</Badge>}
                </p>
                <p className="text-slate-600">
                  {path.fixedPriceCents === null ? `Price: the difference, now ${money(path.priceNowCents)}` : `Price: fixed, ${money(path.fixedPriceCents)}`}
                </p>
              </div>
              <ConfirmDialog
                action={actions.remove}
                fields={{ productId: product.id, pathId: path.id }}
                triggerLabel="Remove"
                triggerContext={`the upgrade to ${path.toProduct.name}`}
                title={`Remove the upgrade to ${path.toProduct.name}?`}
                confirmLabel="Remove upgrade path"
              >
                <p>Customers are no longer offered it. Upgrades already paid for stay as they are, and orders already placed on it still apply when paid.</p>
              </ConfirmDialog>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-5">
        <ProductUpgradeForm action={actions.add} productId={product.id} currency={product.currency} targets={targets} />
      </div>
    </Card>
  );
}
