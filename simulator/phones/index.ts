// Virtual phones: a device per number that tests drive the way a person would (expect a text and reply, expect a
// call, answer, listen, press keys, hang up). In process through `sim.phone(number)`; over HTTP under
// /__sim/phones/{number}/… (control-routes.ts). Built on the kernel and the messages and calls resources.
import type { Kernel } from '../kernel/index.js';
import type { CallsResource } from '../resources/calls/index.js';
import type { MessagesResource } from '../resources/messages/index.js';
import type { Resource } from '../resources/resource.js';
import { phoneControlRoutes } from './control-routes.js';
import { Phones } from './phones.js';
import { Waiter } from './waiting.js';

export interface PhonesResource extends Resource {
  readonly phones: Phones;
}

export function phonesResource(kernel: Kernel, messages: MessagesResource, calls: CallsResource): PhonesResource {
  const waiter = new Waiter((accountSid) => kernel.clockOf(accountSid), kernel.events);
  const phones = new Phones({ kernel, messages: messages.service, calls: calls.service, voice: calls.voice, waiter });
  return { name: 'phones', routes: [], controlRoutes: phoneControlRoutes(phones), phones };
}
