import { createTwoFilesPatch } from 'diff';
import type { AgreementSection, ClusterState } from '@klaster/domain';

const plain = (sections: AgreementSection[]) => sections.map((s) => `${s.number} ${s.title}\n${s.text}\n`).join('\n');

/** The consolidated text of every version, with the amendment behind it and a diff to the previous one. */
export function agreementHistory(state: ClusterState) {
  return state.agreements.map((version, i) => {
    const previous = state.agreements[i - 1];
    const amendment = Object.values(state.amendments).find((a) => a.agreementVersion === version.version);
    return {
      ...version,
      amendment: amendment ? { amendmentId: amendment.amendmentId, rationale: amendment.rationale, decidedBy: amendment.decidedBy } : null,
      diff: previous ? createTwoFilesPatch(`v${previous.version}`, `v${version.version}`, plain(previous.sections), plain(version.sections)) : null,
    };
  });
}

