import type { AgreementVersion } from '../../../lib/api-types';
import { useResource } from '../../../lib/query';

export const useAgreementVersions = (clusterId: string) => useResource<AgreementVersion[]>(['clusters', clusterId, 'agreement', 'versions']);

/**
 * What the audit issue (12) adds: the audit trail with filters, the log's verify status and latest
 * seal, exports and PDFs. Their screens are in place (AuditPage) and read these once the endpoints exist.
 */
export const pendingAuditFeatures = ['trail', 'verify', 'exports'] as const;
