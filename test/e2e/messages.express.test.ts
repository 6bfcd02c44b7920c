import { describe } from 'vitest';
import { expressHarness } from '../helpers/harness.js';
import { describeMessagesApi } from './messages-suite.js';

describe('Messages API over the express transport (official SDK via httpClient)', () => {
  describeMessagesApi(() => expressHarness());
});
