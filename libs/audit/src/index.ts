export * from './streams/cluster-streams';
export * from './seal/merkle';
export * from './seal/seal-format';
export * from './seal/seal-key';
export * from './seal/sealer';
export * from './verify/findings';
export * from './verify/audit-log';
