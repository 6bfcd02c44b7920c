// Media Streams as a piece of the simulator: the streams registry plus its control route (a call's recording).
import { join } from 'node:path';
import type { Kernel } from '../../kernel/index.js';
import { notFound } from '../../kernel/errors.js';
import type { CallsResource } from '../../resources/calls/index.js';
import type { Resource } from '../../resources/resource.js';
import type { WebhookDispatcher } from '../../webhooks/index.js';
import { ClipLibrary } from '../audio/clips.js';
import { MediaStreams, type MediaStreamOptions } from './media-streams.js';
import { streamRestRoutes } from './rest-routes.js';

export type { MediaStreamOptions };

export interface MediaStreamsResource extends Resource {
  readonly streams: MediaStreams;
}

export function mediaStreamsResource(
  kernel: Kernel,
  dispatcher: WebhookDispatcher,
  calls: CallsResource,
  options: MediaStreamOptions & { audioDir?: string; fixturesDir: string },
): MediaStreamsResource {
  const clips = new ClipLibrary(options.audioDir ?? join(options.fixturesDir, 'audio'));
  const streams = new MediaStreams(kernel, dispatcher, calls.service, calls.voice, clips, options);
  return {
    name: 'media-streams',
    routes: streamRestRoutes(calls.service, streams, (accountSid) => kernel.now(accountSid)),
    controlRoutes: [
      {
        method: 'GET',
        template: '/__sim/calls/{CallSid}/recording.wav',
        operationId: 'control: what was heard on a call, as a stereo WAV (callee left, agent right)',
        handle({ params, caller }) {
          const call = calls.service.fetch(caller, params.CallSid!);
          const wav = streams.recording(caller.sid, call.sid);
          if (!wav) throw notFound(`Call ${call.sid} had no Media Stream, so nothing was recorded`);
          return { status: 200, headers: { 'content-type': 'audio/wav' }, body: wav };
        },
      },
    ],
    streams,
  };
}
