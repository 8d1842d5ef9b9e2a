/** Small shared pieces: error and progress display, the modal dialog, form fields. */
import { type ComponentChildren, cloneElement, toChildArray, type VNode } from 'preact';
import { createPortal } from 'preact/compat';
import { useEffect, useId, useRef } from 'preact/hooks';

export function ErrorNote({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

/** What an action did, announced politely (`<output>`: role="status"). */
export function Notice({ notice }: { notice: string | null | undefined }) {
  if (!notice) return null;
  return <output class="notice">{notice}</output>;
}

/** A progress bar: determinate with `value` (0..100), else indeterminate. */
export function Progress({ value, label }: { value?: number | null; label: string }) {
  return (
    <span class="progress">
      <progress max={100} value={value ?? undefined} aria-label={label} />
      <span class="muted">{label}</span>
    </span>
  );
}

/** A modal `<dialog>`: focus moves into it, Escape closes it. */
export function Modal(props: { title: string; onClose(): void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  // NOTE(portal): under body, so that a list re-rendering around the opener never moves (and so closes) it.
  return createPortal(
    <dialog
      ref={ref}
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="dialog-head">
        <h2>{props.title}</h2>
        <button type="button" class="ghost" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </header>
      {props.children}
    </dialog>,
    document.body,
  );
}

/**
 * A labelled form control: the label names the control (its accessible name is
 * the label alone); the hint and the error describe it (aria-describedby).
 */
export function Field(props: { label: string; error?: string; children: ComponentChildren; hint?: string }) {
  const id = useId();
  const described = props.hint || props.error ? `${id}-about` : undefined;
  const [control] = toChildArray(props.children) as VNode<any>[];
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {cloneElement(control, {
        id,
        'aria-describedby': described,
        'aria-invalid': props.error ? true : undefined,
      })}
      {described && (
        <small id={described} class={props.error ? 'error' : 'muted'}>
          {props.error ?? props.hint}
        </small>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="muted empty">{children}</p>;
}

export function Section(props: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="card">
      <header class="card-head">
        <h2>{props.title}</h2>
        <div class="actions">{props.actions}</div>
      </header>
      {props.children}
    </section>
  );
}

/** A labelled text input whose every keystroke goes to `onValue`. */
export function TextField(props: {
  label: string;
  value: string;
  onValue(value: string): void;
  required?: boolean;
}) {
  return (
    <Field label={props.label}>
      <input
        required={props.required}
        value={props.value}
        onInput={(e) => props.onValue((e.target as HTMLInputElement).value)}
      />
    </Field>
  );
}

/** The "Remove" button of an item in a dialog's list (an extra spec, a member). */
export function RemoveButton({ onClick }: { onClick(): void }) {
  return (
    <button type="button" class="danger" onClick={onClick}>
      Remove
    </button>
  );
}

/** A labelled drop-down of `options`, each its own value. */
export function SelectField(props: {
  label: string;
  value: string;
  options: readonly string[];
  onValue(value: string): void;
}) {
  return (
    <Field label={props.label}>
      <select value={props.value} onChange={(e) => props.onValue((e.target as HTMLSelectElement).value)}>
        {props.options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </Field>
  );
}
