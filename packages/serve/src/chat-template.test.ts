import { describe, expect, it } from 'vitest';
import { renderChat } from './chat-template.js';

describe('renderChat', () => {
  it('one "<role>: <content>" line per message, then "assistant:"', () => {
    expect(
      renderChat([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Bye' },
      ]),
    ).toBe('system: Be brief.\nuser: Hi\nassistant: Hello.\nuser: Bye\nassistant:');
  });

  it('keeps the text parts of list content and treats null content as empty', () => {
    expect(
      renderChat([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'image_url' },
            { type: 'text', text: 'b' },
          ],
        },
        { role: 'assistant', content: null },
      ]),
    ).toBe('user: a\nb\nassistant: \nassistant:');
  });
});
