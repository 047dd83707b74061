/** Whether the customer is emailed the revocation and its reason: on unless the owner says not. */
export function RevokeNotifyField({ email }: { email: string }) {
  return (
    <label className="flex items-start gap-2">
      <input type="checkbox" name="notifyCustomer" defaultChecked className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500" />
      <span>
        <span className="font-medium text-slate-800">Notify the customer</span>
        <span className="block text-xs text-slate-500">Emails {email} that the key was revoked, with the reason.</span>
      </span>
    </label>
  );
}
