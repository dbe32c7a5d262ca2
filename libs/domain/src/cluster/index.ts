export * from './charter';
export * from './agreement-text';
export * from './signing';
export * from './cluster.events';
export * from './cluster.commands';
export * from './cluster.state';
export * from './cluster.decider';
export * from './vacant-office';
