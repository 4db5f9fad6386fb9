/**
 * The value that unlocks a sensitive Wix write (Transfer Site, Remove Member, Update Team Member
 * Assignments). Only the approvals module issues one: from a request that won the
 * `approved → executing` transition, or for a role change that the policy lets run at once.
 * The type brand stops a caller from passing plain parameters, and the registry check stops a
 * cast or a copied object at run time.
 */
declare const approvedBrand: unique symbol;

export interface Approved<T> {
  readonly [approvedBrand]: true;
  readonly value: T;
  /** The approval request behind the write, or null for a change that needs no approval. */
  readonly approvalId: string | null;
}

const issued = new WeakSet<object>();

/** Issues an Approved value. Called only from src/lib/approvals (a test checks the importers). */
export function issueApproved<T>(value: T, approvalId: string | null): Approved<T> {
  const approved = Object.freeze({ value, approvalId }) as unknown as Approved<T>;
  issued.add(approved);
  return approved;
}

/** Returns the approved parameters, or throws when `approved` was not issued by this module. */
export function approvedValue<T>(approved: Approved<T>, operation: string): T {
  if (typeof approved !== 'object' || approved === null || !issued.has(approved)) {
    throw new Error(`${operation} was called without an approval issued by the approvals module`);
  }
  return approved.value;
}
