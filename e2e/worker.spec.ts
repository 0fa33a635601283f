import { test } from '@playwright/test';

// Placeholder: once src/workers has a kernel, check here that a module worker
// starts, shares a SharedArrayBuffer with the page and blocks with Atomics.wait.
test.skip('a module worker shares memory with the page', async () => {});
