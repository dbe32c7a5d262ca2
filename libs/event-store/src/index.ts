export * from './port/types';
export * from './port/errors';
export * from './port/filter';
export * from './port/validation';
export * from './hash-chain/hash-chain';
export * from './hash-chain/verify-log';
export * from './sqlite/sqlite-event-store';
