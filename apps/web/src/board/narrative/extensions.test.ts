import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { Awareness } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { NARRATIVE_NODE_TYPES } from '@hindsight/review';
import { narrativeExtensions } from './extensions';

describe('the narrative editor', () => {
  it('writes only node types the server lets into a narrative section', () => {
    // The server refuses (1007) any element outside NARRATIVE_NODE_TYPES: an extension that adds a
    // node must add it there too, or every board using it would be disconnected.
    const doc = new Y.Doc();
    const provider = { awareness: new Awareness(doc) } as unknown as WebsocketProvider;
    const schema = getSchema(narrativeExtensions({ fragment: doc.getXmlFragment('s'), provider, prompt: '' }));
    expect(Object.keys(schema.nodes).sort()).toEqual([...NARRATIVE_NODE_TYPES].sort());
  });
});
