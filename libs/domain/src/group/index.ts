export { groupClusterFacts, type GroupClusterFacts, type GroupClusterMember } from './cluster-facts';
export * from './group.events';
export * from './group.commands';
export * from './group.state';
export * from './group.decider';
