/**
 * The plain chat template used when a checkpoint's tokenizer_config.json has no
 * `chat_template`: one `<role>: <content>` line per message, then `assistant:` for the
 * model to continue.
 *
 *   renderChat([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
 *   // 'system: Be brief.\nuser: Hi\nassistant:'
 *
 * Content given as OpenAI's list of parts keeps its text parts, joined with newlines.
 */

export interface ChatMessage {
  readonly role: string;
  readonly content?: string | readonly { readonly type: string; readonly text?: string }[] | null;
}

export function renderChat(messages: readonly ChatMessage[]): string {
  const lines = messages.map((m) => `${m.role}: ${contentText(m.content)}\n`);
  return `${lines.join('')}assistant:`;
}

function contentText(content: ChatMessage['content']): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}
