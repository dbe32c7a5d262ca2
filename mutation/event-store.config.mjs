import { strykerConfigFor } from './stryker.base.mjs';

export default { ...strykerConfigFor('event-store'), thresholds: { high: 85, low: 75, break: 75 } };
