import { strykerConfigFor } from './stryker.base.mjs';

export default { ...strykerConfigFor('domain'), thresholds: { high: 90, low: 85, break: 85 } };
