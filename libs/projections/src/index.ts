export * from './store/read-model-store';
export * from './read-models/projection';
export * from './read-models';
export * from './runner/projection-runner';
export * from './rebuild/rebuild-read-models';
export * from './rebuild/rebuild-aside';
