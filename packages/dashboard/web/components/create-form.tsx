/** A view's "create" card: the fields in one row, the primary submit button, then the error of the last try. */
import type { ComponentChildren } from 'preact';
import { ErrorNote, Section } from './ui';

export function CreateForm(props: {
  title: string;
  onSubmit(e: Event): void;
  /** The submit button's text. */
  submit: ComponentChildren;
  busy?: boolean;
  error?: string | null;
  children: ComponentChildren;
  /** Shown under the error (a generated key, say). */
  after?: ComponentChildren;
}) {
  return (
    <Section title={props.title}>
      <form onSubmit={props.onSubmit} class="inline-form">
        {props.children}
        <button type="submit" class="primary" disabled={props.busy}>
          {props.submit}
        </button>
      </form>
      <ErrorNote error={props.error} />
      {props.after}
    </Section>
  );
}
