// Dispositions an agent picks at wrap-up: short, reportable categories.
export const DISPOSITIONS = [
  'Question answered',
  'Refund issued',
  'Replacement sent',
  'Order updated',
  'Account updated',
  'Technical issue',
  'Complaint logged',
  'Escalated',
  'Other',
] as const;
