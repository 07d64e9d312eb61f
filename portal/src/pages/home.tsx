/** The citizen's own record from the NPDB: identity, residence, household, children and e-ID level. */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { Child, MyRecord, Residence } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { Show, useResource } from '../components/status.tsx';
import { formatDate, maskPin } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';

const Address = (props: { readonly residence: Residence | undefined }) => {
  const { t } = useI18n();
  const r = props.residence;
  if (!r) return <>{t('home.none')}</>;
  return <>{[r.address, r.communeName, r.provinceName].filter(Boolean).join(', ')}</>;
};

const Record = (props: { readonly level: 1 | 2 }) => {
  const { t, lang } = useI18n();
  const [showPin, setShowPin] = useState(false);
  const record = useResource(async () => (await api<MyRecord>('/v1/me')).body, []);
  const children = useResource(
    async () => (props.level === 2 ? (await api<{ children: Child[] }>('/v1/me/children')).body.children : []),
    [props.level],
  );
  return (
    <Show resource={record}>
      {(me) => (
        <>
          <section class="card" aria-labelledby="identity">
            <h2 id="identity">{me.fullName}</h2>
            <dl class="facts">
              <dt>{t('home.pin')}</dt>
              <dd>
                <span class="pin" data-testid="pin">
                  {showPin ? me.pin : maskPin(me.pin)}
                </span>{' '}
                <button
                  type="button"
                  class="button button--small button--secondary"
                  aria-pressed={showPin}
                  onClick={() => setShowPin(!showPin)}
                >
                  {showPin ? t('home.hidePin') : t('home.showPin')}
                </button>
              </dd>
              <dt>{t('home.birthDate')}</dt>
              <dd>{formatDate(me.birthDate, lang)}</dd>
              <dt>{t('home.sex')}</dt>
              <dd>{me.sex === 'male' ? t('home.male') : t('home.female')}</dd>
              {me.ethnicity ? (
                <>
                  <dt>{t('home.ethnicity')}</dt>
                  <dd>{me.ethnicity}</dd>
                </>
              ) : null}
              <dt>{t('home.permanentResidence')}</dt>
              <dd>
                <Address residence={me.permanentResidence} />
              </dd>
              <dt>{t('home.temporaryResidence')}</dt>
              <dd>
                <Address residence={me.temporaryResidence} />
              </dd>
              {me.linkedNumbers.healthInsurance?.cardNumber ? (
                <>
                  <dt>{t('home.healthInsurance')}</dt>
                  <dd>
                    {me.linkedNumbers.healthInsurance.cardNumber}{' '}
                    {me.linkedNumbers.healthInsurance.validUntil
                      ? t('home.validUntil', { date: formatDate(me.linkedNumbers.healthInsurance.validUntil, lang) })
                      : null}
                  </dd>
                </>
              ) : null}
              {me.linkedNumbers.oldIdNumber ? (
                <>
                  <dt>{t('home.oldIdNumber')}</dt>
                  <dd>{me.linkedNumbers.oldIdNumber}</dd>
                </>
              ) : null}
              <dt>{t('home.eidLevel')}</dt>
              <dd data-testid="eid-level">{t('home.level', { level: props.level })}</dd>
            </dl>
            {props.level === 2 ? (
              <p>
                <a href="/portal/services/record-correction">{t('correction.link')}</a>
              </p>
            ) : null}
          </section>
          {me.household ? (
            <section class="card" aria-labelledby="household">
              <h2 id="household">{t('home.household')}</h2>
              {me.household.relationToHead ? (
                <p>
                  {me.household.relationToHead === 'head'
                    ? t('home.youHead')
                    : t('home.yourRelation', { relation: t(`home.relation.${me.household.relationToHead}`) })}
                </p>
              ) : null}
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('home.fullName')}</th>
                    <th scope="col">{t('home.relationToHead')}</th>
                    <th scope="col">{t('home.birthDate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {me.household.members.map((m) => (
                    <tr key={m.pin}>
                      <td>{m.fullName}</td>
                      <td>{m.relationToHead ? t(`home.relation.${m.relationToHead}`) : ''}</td>
                      <td>{formatDate(m.birthDate, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {props.level === 2 ? (
                <p>
                  <a href="/portal/services/household-head">{t('householdHead.link')}</a>
                </p>
              ) : null}
            </section>
          ) : null}
          <section class="card" aria-labelledby="children">
            <h2 id="children">{t('home.children')}</h2>
            <Show resource={children}>
              {(list) =>
                list.length === 0 ? (
                  <p>{t('home.noChildren')}</p>
                ) : (
                  <ul>
                    {list.map((c) => (
                      <li key={c.pin}>
                        {c.fullName}, {formatDate(c.birthDate, lang)}
                      </li>
                    ))}
                  </ul>
                )
              }
            </Show>
          </section>
        </>
      )}
    </Show>
  );
};

export const HomePage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('home.title')}</h1>
      <RequireAuth>{(user) => <Record level={user.level} />}</RequireAuth>
    </>
  );
};
