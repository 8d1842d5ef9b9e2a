/** Forms whose fields sit in one row with the primary submit button at the end. */
import type { ComponentChildren } from 'preact';
import { ErrorNote, Notice, Section } from './ui';

/** The form itself; the page never reloads on submit. */
export function InlineForm(props: {
  onSubmit(): void;
  /** The submit button's text. */
  submit: ComponentChildren;
  busy?: boolean;
  children: ComponentChildren;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
      class="inline-form"
    >
      {props.children}
      <button type="submit" class="primary" disabled={props.busy}>
        {props.submit}
      </button>
    </form>
  );
}

/** A view's "create" card: the form, then the error or the notice of the last try. */
export function CreateForm(props: {
  title: string;
  onSubmit(): void;
  submit: ComponentChildren;
  busy?: boolean;
  error?: string | null;
  /** What the last try did (role="status"). */
  notice?: string | null;
  children: ComponentChildren;
  /** Shown under the error (a generated key, say). */
  after?: ComponentChildren;
}) {
  return (
    <Section title={props.title}>
      <InlineForm onSubmit={props.onSubmit} submit={props.submit} busy={props.busy}>
        {props.children}
      </InlineForm>
      <ErrorNote error={props.error} />
      <Notice notice={props.notice} />
      {props.after}
    </Section>
  );
}
