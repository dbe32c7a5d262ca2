import type { ClusterBody, CurrentAgreement } from '../../../lib/api-types';
import { apiCommand, seg } from '../../../lib/api-client';
import { useResource } from '../../../lib/query';

export const useAgreement = (clusterId: string) => useResource<CurrentAgreement>(['clusters', clusterId, 'agreement']);

export const signAgreement = (clusterId: string, memberId: string, body: ClusterBody<'SignAgreement'>) =>
  apiCommand(`/clusters/${seg(clusterId)}/members/${seg(memberId)}/signatures`, body);
