/** The problem with one form field, right under it (the field points here with aria-describedby). */
export function FieldError({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p id={id} className="error-text" role="alert" data-testid="field-error">
      {text}
    </p>
  );
}
