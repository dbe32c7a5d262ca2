export * from './shared/decider';
export * from './shared/rejection';
export * from './shared/primitives';
export * from './shared/upcast';
export * from './cluster';
export * from './meeting';
export * from './group';
export * from './election';
