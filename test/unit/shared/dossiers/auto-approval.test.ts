import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findProvince } from '../../../../shared/domain/admin-units/provinces.ts';
import { autoApproves, parseAutoApproval } from '../../../../shared/dossiers/auto-approval.ts';
import { STEP_IDS, STEPS } from '../../../../shared/dossiers/catalogue.ts';

describe('parseAutoApproval', () => {
  it.each([undefined, '', '   '])('reads %j as "no step is approved automatically anywhere"', (text) => {
    const config = parseAutoApproval(text);
    expect(config).toEqual({});
    for (const step of STEP_IDS) expect(autoApproves(config)('01', step)).toBe(false);
  });

  it('reads "all" as every step everywhere (load tests)', () => {
    const config = parseAutoApproval(' all ');
    expect(config).toEqual({ '*': [...STEP_IDS] });
    for (const step of STEP_IDS) {
      expect(autoApproves(config)('01', step)).toBe(true);
      expect(autoApproves(config)('96', step)).toBe(true);
    }
  });

  it('reads JSON per province, "*" applying only to provinces not listed', () => {
    const approves = autoApproves(
      parseAutoApproval(
        JSON.stringify({ '01': ['IssueChildHealthInsurance'], '37': [], '*': ['RegisterPermanentResidence'] }),
      ),
    );
    expect(approves('01', 'IssueChildHealthInsurance')).toBe(true);
    expect(approves('01', 'RegisterPermanentResidence')).toBe(false);
    // A province listed with no steps does not fall back to "*".
    expect(approves('37', 'RegisterPermanentResidence')).toBe(false);
    expect(approves('79', 'RegisterPermanentResidence')).toBe(true);
    expect(approves('79', 'IssueChildHealthInsurance')).toBe(false);
  });

  it('approves nothing for a province not listed when there is no "*"', () => {
    const approves = autoApproves(parseAutoApproval('{"01":["RegisterBirth"]}'));
    expect(approves('01', 'RegisterBirth')).toBe(true);
    expect(approves('02', 'RegisterBirth')).toBe(false);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseAutoApproval('{"01": [RegisterBirth]}')).toThrow();
    expect(() => parseAutoApproval('yes')).toThrow();
  });

  it('refuses an unknown step, a bad province key and a non-list value, naming the problem', () => {
    expect(() => parseAutoApproval('{"01":["RegisterMarriage"]}')).toThrow(/AUTO_APPROVAL is not valid: 01\.0/);
    expect(() => parseAutoApproval('{"1":["RegisterBirth"]}')).toThrow(/AUTO_APPROVAL is not valid/);
    expect(() => parseAutoApproval('{"01":"RegisterBirth"}')).toThrow(/AUTO_APPROVAL is not valid/);
    expect(() => parseAutoApproval('["RegisterBirth"]')).toThrow(/AUTO_APPROVAL is not valid/);
  });
});

describe('config/auto-approval.json', () => {
  const text = readFileSync(new URL('../../../../config/auto-approval.json', import.meta.url), 'utf8');

  it('parses, and names only real provinces and real steps', () => {
    const config = parseAutoApproval(text);
    for (const [province, steps] of Object.entries(config)) {
      if (province !== '*') expect(findProvince(province), province).toBeDefined();
      for (const step of steps) expect(STEPS[step], `${province}: ${step}`).toBeDefined();
    }
  });

  it('leaves provinces that are not listed to their officers', () => {
    const approves = autoApproves(parseAutoApproval(text));
    for (const step of STEP_IDS) expect(approves('96', step)).toBe(false);
  });
});
