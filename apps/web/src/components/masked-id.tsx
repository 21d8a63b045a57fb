type MaskedIdProps = { value: string };

/**
 * An identity number as the server sends it, already masked (370102********1234). Shown in a
 * monospace face so the hidden digits line up, and never re-assembled on the client.
 */
export function MaskedId({ value }: MaskedIdProps) {
  return (
    <span
      translate="no"
      style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', whiteSpace: 'nowrap' }}
    >
      {value}
    </span>
  );
}
