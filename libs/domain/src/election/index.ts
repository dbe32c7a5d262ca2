export * from './election.events';
export * from './election.commands';
export * from './election.state';
export * from './meeting-facts';
export * from './election.count';
export * from './election.decider';
