import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// Only the bot under test on 127.0.0.1 is real; Slack and Wix are nock interceptors, and any
// request that matches none of them fails the test instead of leaving the machine.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});
