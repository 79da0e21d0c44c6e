// One answer to "what tier is this customer", for the desk's header, its CRM card and the assist engine alike: the
// CRM's account type is the record, the bot's tier only fills in when the CRM has none. Two places answering
// differently is how the header said "standard" beside a CRM card saying "premium".
interface TierSource {
  customer: { tier?: string };
  crm?: { accountType?: string };
}

export function customerTier(view: TierSource): string | undefined {
  return view.crm?.accountType?.trim() || view.customer.tier?.trim() || undefined;
}

const ACRONYMS = /^(vip|vvip)$/i;

/** A tier as a label: "VIP", "Gold", "Premium"; never "Vip". */
export function tierLabel(tier: string): string {
  const t = tier.trim();
  if (ACRONYMS.test(t)) return t.toUpperCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}
