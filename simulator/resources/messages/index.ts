// The Messages resource: Messages and their Media over REST, the life cycle, pacing, opt-out, and the webhooks
// a message sends to the user's app.
import type { Kernel } from '../../kernel/index.js';
import type { WebhookDispatcher } from '../../webhooks/index.js';
import type { Resource } from '../resource.js';
import { mediaRoutes } from './media-routes.js';
import { MessageService, type MessageOptions } from './model.js';
import { messageRoutes } from './routes.js';
import { SMS, smsScenario, type DeliveryOutcome } from './scenarios.js';
import { deliverMessageWebhooks } from './webhooks.js';

export interface MessagesResource extends Resource {
  readonly service: MessageService;
}

export function messagesResource(kernel: Kernel, dispatcher: WebhookDispatcher, options: MessageOptions = {}): MessagesResource {
  const service = new MessageService(kernel, options);
  for (const s of kernel.fixtures.scenarios) {
    if (s.outcome !== undefined) kernel.scenarios.setForEveryAccount(SMS, s.to, smsScenario(s as { outcome: DeliveryOutcome }));
  }
  deliverMessageWebhooks(kernel, service, dispatcher);
  return { name: 'messages', routes: [...messageRoutes(service), ...mediaRoutes(service)], service };
}
