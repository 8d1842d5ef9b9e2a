/**
 * The EC2 API's HTTP endpoint (`/services/Cloud`, Nova's ec2 path): the AWS
 * Query protocol in a form body or query string, authenticated, dispatched
 * by Action, answered in EC2's XML; every error is an EC2 error document.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '@novats/core';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { utf8 } from '../../http/json-reply.js';
import type { Ec2Deps } from './ec2-action.js';
import { EC2_ACTIONS } from './ec2-actions.js';
import { Ec2Authenticator } from './ec2-auth.js';
import { Ec2Error, ec2ErrorOf } from './ec2-errors.js';
import { ec2ErrorResponse, ec2Response } from './ec2-xml.js';

export const EC2_PATH = '/services/Cloud';

const XML = 'text/xml; charset=UTF-8';

function queryParams(req: FastifyRequest, body: string): Record<string, string> {
  const out: Record<string, string> = {};
  const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  for (const [k, v] of new URLSearchParams(query)) out[k] = v;
  if (body) for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

export function createEc2App(deps: Ec2Deps & { clock: Clock }): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const auth = new Ec2Authenticator(deps.settings, deps.clock);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const handler = async (req: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const requestId = randomUUID();
    const body = typeof req.body === 'string' ? req.body : '';
    try {
      const params = queryParams(req, body);
      const ctx = await auth.authenticate(req, params, body, requestId);
      const actionName = params.Action ?? '';
      const action = EC2_ACTIONS[actionName];
      if (!action)
        throw new Ec2Error(
          'InvalidAction',
          `The action ${actionName || '(none)'} is not valid for this web service.`,
        );
      const result = await action({ ctx, params, deps });
      return reply.type(XML).send(utf8(ec2Response(actionName, requestId, result)));
    } catch (err) {
      const e = ec2ErrorOf(err);
      return reply
        .code(e.status)
        .type(XML)
        .send(ec2ErrorResponse(e.ec2Code, e.message, requestId));
    }
  };
  app.route({ method: ['GET', 'POST'], url: EC2_PATH, handler });
  app.route({ method: ['GET', 'POST'], url: `${EC2_PATH}/`, handler });
  app.setNotFoundHandler((_req, reply) => {
    void reply
      .code(404)
      .type(XML)
      .send(ec2ErrorResponse('InvalidAction', 'Unknown path', randomUUID()));
  });
  return app;
}
