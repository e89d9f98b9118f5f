/**
 * `GET /api/reviews/:id/actions` and `PATCH /api/reviews/:id/actions/:actionId`: a script keeps the
 * fixes current without a browser, with a follow-up or facilitator link, before and after closing;
 * a change reaches an open board live; any other token, an unknown action or a bad body is refused
 * and changes nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@hindsight/protocol';
import { addAction, listActions } from '@hindsight/review';
import { connectClient, waitFor } from '../support/clients';
import { callApi, createReview, startServer, stopAllServers } from '../support/server';

afterAll(stopAllServers);

describe('the follow-up API', () => {
  it('lists and changes action items for follow-up and facilitator links only', async () => {
    const server = await startServer();
    const review = await createReview(server.url, 'Follow-up API');
    const followUp = (await callApi(server, review, 'POST', '/links', review.tokens.facilitator, { kind: 'follow-up' }))
      .token as string;
    const board = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await board.synced;
    const actionId = addAction(board.doc, { title: 'Alert on queue depth', owner: 'Sam', priority: 'P1' });
    const request = (method: string, route: string, token: string | null, body?: unknown) =>
      fetch(`${server.url}/api/reviews/${review.id}${route}`, {
        method,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    await waitFor(
      async () =>
        ((await (await request('GET', '/actions', followUp)).json()) as { actions: unknown[] }).actions.length === 1,
      'the action reaches the server',
    );

    const listed = await request('GET', '/actions', followUp);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({
      actions: [
        {
          id: actionId,
          title: 'Alert on queue depth',
          priority: 'P1',
          type: 'prevent',
          status: 'open',
          owner: 'Sam',
          due: '',
          progress: '',
        },
      ],
    });

    const patched = await request('PATCH', `/actions/${actionId}`, followUp, {
      status: 'in-progress',
      due: '2027-01-15',
      progress: 'Alert drafted',
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { action: unknown }).action).toMatchObject({
      id: actionId,
      status: 'in-progress',
      owner: 'Sam',
      due: '2027-01-15',
      progress: 'Alert drafted',
    });
    // A server write through the room: the open board shows it live.
    await waitFor(() => listActions(board.doc)[0]?.progress === 'Alert drafted', 'the change on the open board');

    // After closing, the facilitator and the follow-up link still keep the fixes current.
    await callApi(server, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Priya' });
    const closedPatch = await request('PATCH', `/actions/${actionId}`, review.tokens.facilitator, { owner: 'Ana' });
    expect(closedPatch.status).toBe(200);
    expect((await request('PATCH', `/actions/${actionId}`, followUp, { status: 'done' })).status).toBe(200);
    await waitFor(
      () => listActions(board.doc)[0]?.status === 'done' && listActions(board.doc)[0]?.owner === 'Ana',
      'the changes after closing on the open board',
    );

    // Refused, and nothing changes.
    const unchanged = JSON.stringify(await (await request('GET', '/actions', followUp)).json());
    const refusals: Array<[string, Response, number, string]> = [
      ['no token', await request('GET', '/actions', null), 401, 'unauthorized'],
      [
        'no token, patch',
        await request('PATCH', `/actions/${actionId}`, null, { status: 'open' }),
        401,
        'unauthorized',
      ],
      ['edit link', await request('GET', '/actions', review.tokens.edit), 403, 'follow_up_only'],
      ['view link', await request('GET', '/actions', review.tokens.view), 403, 'follow_up_only'],
      [
        'edit link, patch',
        await request('PATCH', `/actions/${actionId}`, review.tokens.edit, { status: 'open' }),
        403,
        'follow_up_only',
      ],
      [
        'view link, patch',
        await request('PATCH', `/actions/${actionId}`, review.tokens.view, { status: 'open' }),
        403,
        'follow_up_only',
      ],
      [
        'unknown action',
        await request('PATCH', '/actions/no-such-action', followUp, { status: 'open' }),
        404,
        'not_found',
      ],
      ['empty body', await request('PATCH', `/actions/${actionId}`, followUp, {}), 400, 'invalid_body'],
      [
        'bad status',
        await request('PATCH', `/actions/${actionId}`, followUp, { status: 'finished' }),
        400,
        'invalid_body',
      ],
      ['bad due', await request('PATCH', `/actions/${actionId}`, followUp, { due: '15/01/2027' }), 400, 'invalid_body'],
      ['a title', await request('PATCH', `/actions/${actionId}`, followUp, { title: 'Renamed' }), 400, 'invalid_body'],
      ['a priority', await request('PATCH', `/actions/${actionId}`, followUp, { priority: 'P3' }), 400, 'invalid_body'],
      [
        'long progress',
        await request('PATCH', `/actions/${actionId}`, followUp, { progress: 'x'.repeat(501) }),
        400,
        'invalid_body',
      ],
      ['not JSON', await request('PATCH', `/actions/${actionId}`, followUp, '{status'), 400, 'bad_json'],
    ];
    for (const [what, response, status, code] of refusals) {
      expect(response.status, what).toBe(status);
      expect(ErrorBody.parse(await response.json()).error.code, what).toBe(code);
    }
    expect(JSON.stringify(await (await request('GET', '/actions', followUp)).json())).toBe(unchanged);
    board.destroy();
  });
});
