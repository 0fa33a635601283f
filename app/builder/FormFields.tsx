/**
 * The builder's fields, drawn from the format's own choices
 * (`FORMAT_CHOICES`): a choice is a select, a text or number field an input;
 * each object of the document is a group of its own choices, with Remove,
 * and Add makes another. A label the messages lack is the field's name, so
 * a field the format adds appears with no change here.
 */
import { useId, useState } from 'react';
import { FORMAT_CHOICES, type FieldChoice } from '../../src/sim/scenario-format';
import { builderMessages } from '../messages-builder';
import {
  addObject,
  removeObject,
  setChoice,
  setObjectField,
  setText,
  shownFields,
  type Draft,
} from './form';
import { fieldLabel, shortLabel, valueLabel } from './labels';

const t = builderMessages.builder;

type Json = Record<string, unknown>;

export function FormFields({ draft, onChange }: { draft: Draft; onChange: (d: Draft) => void }) {
  const fields = shownFields(draft.doc);
  const choices = fields.filter((f) => !('naming' in f && f.naming));
  const naming = fields.filter((f) => 'naming' in f && f.naming);
  const objects = Array.isArray(draft.doc['objects']) ? (draft.doc['objects'] as unknown[]) : [];
  return (
    <>
      <fieldset className="builder-group">
        <legend>{t.choices}</legend>
        {choices.map((f) => (
          <Field
            key={f.key}
            field={f}
            value={draft.doc[f.key]}
            onChoice={(v) => onChange(setChoice(draft, f.key, v, shortLabel))}
            onText={(text) => onChange(setText(draft, f, text))}
          />
        ))}
        <fieldset className="builder-objects">
          <legend>{t.objects}</legend>
          {objects.map((o, i) => {
            const object = (typeof o === 'object' && o !== null ? o : {}) as Json;
            const type = String(object['type'] ?? '?');
            return (
              <fieldset key={i} className="builder-object">
                <legend>{t.object(i + 1, type)}</legend>
                {FORMAT_CHOICES.object.map((f) => (
                  <Field
                    key={f.key}
                    field={f}
                    value={object[f.key]}
                    onChoice={(v) => onChange(setObjectField(draft, i, f.key, v, shortLabel))}
                    onText={(text) =>
                      onChange(setObjectField(draft, i, f.key, text || undefined, shortLabel))
                    }
                  />
                ))}
                <button
                  type="button"
                  className="builder-remove"
                  onClick={() => onChange(removeObject(draft, i, shortLabel))}
                >
                  {t.remove(i + 1, type)}
                </button>
              </fieldset>
            );
          })}
          <AddObject onAdd={(type) => onChange(addObject(draft, type, shortLabel))} />
        </fieldset>
      </fieldset>
      <details className="builder-group builder-names">
        <summary>{t.names}</summary>
        <p className="hint">{t.namesHint}</p>
        {naming.map((f) => (
          <Field
            key={f.key}
            field={f}
            value={draft.doc[f.key]}
            onChoice={(v) => onChange(setChoice(draft, f.key, v, shortLabel))}
            onText={(text) => onChange(setText(draft, f, text))}
          />
        ))}
      </details>
    </>
  );
}

function Field(props: {
  field: FieldChoice;
  value: unknown;
  onChoice: (value: string | undefined) => void;
  onText: (text: string) => void;
}) {
  const { field, value } = props;
  const id = useId();
  if (field.kind === 'choice') {
    // A value the form does not offer (a document from elsewhere) is shown as it is.
    const current = typeof value === 'string' ? value : '';
    const values =
      current === '' || field.values.includes(current) ? field.values : [...field.values, current];
    return (
      <div className="field">
        <label htmlFor={id}>{fieldLabel(field.key)}</label>
        <select
          id={id}
          value={current}
          onChange={(e) => props.onChoice(e.currentTarget.value || undefined)}
        >
          {(!field.required || current === '') && <option value="">{t.optional}</option>}
          {values.map((v) => (
            <option key={v} value={v}>
              {valueLabel(field.key, v)}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const text = value === undefined ? '' : String(value);
  return (
    <div className="field">
      <label htmlFor={id}>{fieldLabel(field.key)}</label>
      <input
        id={id}
        type="text"
        inputMode={field.kind === 'number' ? 'numeric' : undefined}
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(e) => props.onText(e.currentTarget.value)}
      />
    </div>
  );
}

function AddObject({ onAdd }: { onAdd: (type: string) => void }) {
  const id = useId();
  const typeField = FORMAT_CHOICES.object.find((f) => f.key === 'type');
  const types = typeField?.kind === 'choice' ? typeField.values : [];
  const [type, setType] = useState(types[0] ?? '');
  return (
    <div className="builder-row builder-add">
      <label htmlFor={id}>{t.addType}</label>
      <select id={id} value={type} onChange={(e) => setType(e.currentTarget.value)}>
        {types.map((v) => (
          <option key={v} value={v}>
            {valueLabel('type', v)}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => onAdd(type)}>
        {t.add}
      </button>
    </div>
  );
}
