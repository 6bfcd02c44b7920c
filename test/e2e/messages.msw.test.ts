import { describe } from 'vitest';
import { mswHarness } from '../helpers/harness.js';
import { describeMessagesApi } from './messages-suite.js';

describe('Messages API through msw handlers (official SDK, no port, no httpClient)', () => {
  describeMessagesApi(() => mswHarness());
});
