/**
 * A modal question on the native `<dialog>` (focus trapped, Escape cancels): used for "close an unsaved tab" and
 * "the file changed on disk".
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogChoice<T extends string> {
  value: T;
  label: string;
  primary?: boolean;
}

export interface ConfirmDialogProps<T extends string> {
  open: boolean;
  title: string;
  children: ReactNode;
  choices: DialogChoice<T>[];
  /** The answer for Escape. */
  cancelValue: T;
  onAnswer(value: T): void;
}

export function ConfirmDialog<T extends string>({
  open,
  title,
  children,
  choices,
  cancelValue,
  onAnswer,
}: ConfirmDialogProps<T>) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onAnswer(cancelValue);
      }}
    >
      {open && (
        <>
          <div className="modal-body">
            <h2 id={titleId}>{title}</h2>
            {children}
          </div>
          <div className="modal-actions">
            {choices.map((c) => (
              <button
                key={c.value}
                type="button"
                className={`btn${c.primary ? ' btn-primary' : ''}`}
                autoFocus={c.primary}
                onClick={() => onAnswer(c.value)}
              >
                {c.label}
              </button>
            ))}
          </div>
        </>
      )}
    </dialog>
  );
}
