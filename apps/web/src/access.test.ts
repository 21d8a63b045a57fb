import { describe, expect, it } from 'vitest';
import { canUsePortal, toAccess } from './access.ts';

describe('toAccess', () => {
  it('grants exactly what the permission list names', () => {
    const access = toAccess(['school.profile.read', 'self.read']);

    expect(access.canReadSchoolProfile).toBe(true);
    expect(access.canReadSchoolCoaches).toBe(false);
    expect(access.canSeeRegulatorOverview).toBe(false);
    expect(access.canSeeLiveMonitoring).toBe(false);
  });

  it('shows the live map only to holders of the monitoring permission', () => {
    expect(toAccess(['regulator.monitoring.read']).canSeeLiveMonitoring).toBe(true);
    expect(toAccess(['regulator.overview.read']).canSeeLiveMonitoring).toBe(false);
  });

  it('maps the money, contract and complaint permissions to their own flags', () => {
    const admin = toAccess(['school.contract.read', 'school.escrow.read', 'school.complaints.read']);
    expect(admin.canReadSchoolContracts).toBe(true);
    expect(admin.canCountersignContracts).toBe(false);
    expect(admin.canReadSchoolSettlement).toBe(true);
    expect(admin.canReadSchoolComplaints).toBe(true);
    expect(admin.canReplySchoolComplaints).toBe(false);
    const city = toAccess(['content.write', 'contract.template.write', 'regulator.escrow.read']);
    expect(city.canWriteContent).toBe(true);
    expect(city.canWriteContractTemplates).toBe(true);
    expect(city.canReadContractTemplates).toBe(false);
    expect(city.canReadEscrowOverview).toBe(true);
    expect(city.canRunReconciliation).toBe(false);
  });

  it('gives the roster picker only to holders of school.registry.read', () => {
    expect(toAccess(['school.registry.read']).canReadSchoolRegistry).toBe(true);
    expect(toAccess(['school.training.read']).canReadSchoolRegistry).toBe(false);
  });

  it('maps the trainee enrolment, escrow and feedback permissions to their own flags', () => {
    const enrolOnly = toAccess(['trainee.enrolment', 'trainee.hours.read']);
    expect(enrolOnly.canEnrol).toBe(true);
    expect(enrolOnly.canReadOwnEscrow).toBe(false);
    expect(enrolOnly.canWriteOwnEscrow).toBe(false);
    expect(enrolOnly.canWriteOwnFeedback).toBe(false);
    const money = toAccess(['trainee.escrow.read', 'trainee.feedback.write']);
    expect(money.canEnrol).toBe(false);
    expect(money.canReadOwnEscrow).toBe(true);
    expect(money.canWriteOwnEscrow).toBe(false);
    expect(money.canWriteOwnFeedback).toBe(true);
    expect(toAccess(['trainee.escrow.write']).canWriteOwnEscrow).toBe(true);
    // Reading one's hours no longer stands in for the contract and feedback pages.
    expect(toAccess(['trainee.hours.read']).canEnrol).toBe(false);
  });

  it('shows the working-day calendar only to holders of regulator.calendar.write', () => {
    expect(toAccess(['regulator.calendar.write']).canManageCalendar).toBe(true);
    expect(toAccess(['regulator.overview.read', 'content.write']).canManageCalendar).toBe(false);
  });

  it('grants nothing without a session', () => {
    expect(Object.values(toAccess(null)).some(Boolean)).toBe(false);
  });
});

describe('canUsePortal', () => {
  it('matches each role to its portal', () => {
    expect(canUsePortal({ role: 'coach' }, 'school')).toBe(true);
    expect(canUsePortal({ role: 'police_liaison' }, 'regulator')).toBe(true);
    expect(canUsePortal({ role: 'school_admin' }, 'regulator')).toBe(false);
    expect(canUsePortal({ role: 'trainee' }, 'school')).toBe(false);
  });
});
