import { useId, useState, type FormEvent } from 'react';
import type { Contact, ContactCreate } from '../../../shared/contacts.ts';
import { errorSentence, fieldErrorOf } from '../../../shared/error-messages.ts';

type PhoneDraft = { label: string; number: string };

/** Create or edit a contact; numbers are typed freely and normalised by main. */
export function ContactForm({
  initial,
  onSave,
  onCancel,
}: {
  initial?: Contact | undefined;
  onSave: (contact: ContactCreate) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [company, setCompany] = useState(initial?.company ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [phones, setPhones] = useState<PhoneDraft[]>(
    initial?.phones.length
      ? initial.phones.map((p) => ({ label: p.label, number: p.original || p.e164 }))
      : [{ label: 'mobile', number: '' }],
  );
  const [failure, setFailure] = useState<unknown>(null);
  const error = failure === null ? null : errorSentence(failure);
  const nameError = fieldErrorOf(failure, 'name');
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      await onSave({ name, company, notes, phones: phones.filter((phone) => phone.number.trim() !== '') });
    } catch (failure) {
      setFailure(failure);
      setSaving(false);
    }
  };

  const setPhone = (index: number, change: Partial<PhoneDraft>) =>
    setPhones(phones.map((phone, i) => (i === index ? { ...phone, ...change } : phone)));

  return (
    <form className="panel form-grid" onSubmit={submit} aria-label={initial ? 'Edit contact' : 'New contact'}>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoFocus
        maxLength={200}
        aria-invalid={nameError !== undefined}
        aria-describedby={nameError ? `${id}-name-error` : undefined}
      />
      {nameError && <FieldError id={`${id}-name-error`} text={nameError} />}
      <label htmlFor={`${id}-company`}>Company</label>
      <input id={`${id}-company`} value={company} onChange={(e) => setCompany(e.target.value)} maxLength={200} />
      {phones.map((phone, index) => (
        <PhoneRow
          key={index}
          index={index}
          phone={phone}
          error={fieldErrorOf(failure, `phones.${index}.number`)}
          onChange={(change) => setPhone(index, change)}
          onRemove={phones.length > 1 ? () => setPhones(phones.filter((_, i) => i !== index)) : undefined}
        />
      ))}
      <span />
      <div>
        <button type="button" onClick={() => setPhones([...phones, { label: 'work', number: '' }])}>
          Add another number
        </button>
      </div>
      <label htmlFor={`${id}-notes`}>Notes</label>
      <textarea
        id={`${id}-notes`}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        rows={3}
        maxLength={10_000}
      />
      <span />
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save contact'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <>
          <span />
          <p className="error-text" role="alert">
            {error}
          </p>
        </>
      )}
    </form>
  );
}

/** A field's own problem, in the grid cell under it (the field points at it with aria-describedby). */
function FieldError({ id, text }: { id: string; text: string }) {
  return (
    <>
      <span />
      <p className="error-text" id={id} data-testid="field-error">
        {text}
      </p>
    </>
  );
}

function PhoneRow({
  index,
  phone,
  error,
  onChange,
  onRemove,
}: {
  index: number;
  phone: PhoneDraft;
  error: string | undefined;
  onChange: (change: Partial<PhoneDraft>) => void;
  onRemove: (() => void) | undefined;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={`${id}-number`}>Phone {index + 1}</label>
      <div className="row">
        <input
          aria-label={`Label of phone ${index + 1}`}
          value={phone.label}
          onChange={(e) => onChange({ label: e.target.value })}
          maxLength={40}
          className="narrow"
        />
        <input
          id={`${id}-number`}
          type="tel"
          value={phone.number}
          onChange={(e) => onChange({ number: e.target.value })}
          maxLength={64}
          placeholder="+1 415 555 0100"
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${id}-number-error` : undefined}
        />
        {onRemove && (
          <button type="button" onClick={onRemove} aria-label={`Remove phone ${index + 1}`}>
            Remove
          </button>
        )}
      </div>
      {error && <FieldError id={`${id}-number-error`} text={error} />}
    </>
  );
}
