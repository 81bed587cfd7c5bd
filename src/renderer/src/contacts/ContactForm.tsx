import { useId, useState, type FormEvent } from 'react';
import type { Contact, ContactCreate } from '../../../shared/contacts.ts';
import { errorMessage } from '../use-async.ts';

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
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await onSave({ name, company, notes, phones: phones.filter((phone) => phone.number.trim() !== '') });
    } catch (failure) {
      setError(errorMessage(failure));
      setSaving(false);
    }
  };

  const setPhone = (index: number, change: Partial<PhoneDraft>) =>
    setPhones(phones.map((phone, i) => (i === index ? { ...phone, ...change } : phone)));

  return (
    <form className="panel form-grid" onSubmit={submit} aria-label={initial ? 'Edit contact' : 'New contact'}>
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={200} />
      <label htmlFor={`${id}-company`}>Company</label>
      <input id={`${id}-company`} value={company} onChange={(e) => setCompany(e.target.value)} maxLength={200} />
      {phones.map((phone, index) => (
        <PhoneRow
          key={index}
          index={index}
          phone={phone}
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

function PhoneRow({
  index,
  phone,
  onChange,
  onRemove,
}: {
  index: number;
  phone: PhoneDraft;
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
        />
        {onRemove && (
          <button type="button" onClick={onRemove} aria-label={`Remove phone ${index + 1}`}>
            Remove
          </button>
        )}
      </div>
    </>
  );
}
