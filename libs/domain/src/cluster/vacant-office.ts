import { ruleBroken } from '../shared/rejection';
import type { Charter, VacantOfficeConvener } from './charter';

/** A member as the vacancy rule needs to see it, whichever facts it comes from. */
export interface MemberForVacancy {
  memberId: string;
  kind: 'ordinary' | 'honorary';
  status: 'active' | 'withdrawn';
  personId: string;
}

/**
 * Whether a person acts for the coordinator's vacant office under the charter's `convenerWhileVacant`:
 * convenes (and runs) the general meeting that elects a new leader and calls the election. Only a
 * voting member's representative ever does; under `named_member`, only that member's — unless it has
 * withdrawn or has no vote, when any voting member's representative may, so the cluster can always
 * elect a leader.
 */
export function actsForVacantOffice(rule: VacantOfficeConvener, members: readonly MemberForVacancy[], personId: string): boolean {
  const voting = members.filter((m) => m.status === 'active' && m.kind === 'ordinary');
  if (rule.kind === 'named_member') {
    const named = voting.find((m) => m.memberId === rule.memberId);
    if (named) return named.personId === personId;
  }
  return voting.some((m) => m.personId === personId);
}

/** Who that is, in words for an error message. */
export function vacantOfficeConvenerText(rule: VacantOfficeConvener, members: readonly MemberForVacancy[]): string {
  if (rule.kind === 'named_member' && members.some((m) => m.memberId === rule.memberId && m.status === 'active' && m.kind === 'ordinary')) {
    return `the representative of ${rule.memberId}, as the charter names it`;
  }
  return "any voting member's representative";
}

/** A charter that names the member who acts for a vacant office names a member of the cluster. */
export function requireNamedConvener(charter: Partial<Charter>, memberIds: readonly string[]): void {
  const rule = charter.convenerWhileVacant;
  if (rule?.kind === 'named_member' && !memberIds.includes(rule.memberId)) {
    throw ruleBroken(`The charter names ${rule.memberId} to convene the general meeting while the coordinator's office is vacant, but it is not a member`, 'unknown_member');
  }
}
