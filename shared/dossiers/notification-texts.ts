/** What the citizen reads about their dossier (Vietnamese for the SMS/app; English alongside in the timeline). */
import { dossierTitle, STEPS, type StepId } from './catalogue.ts';
import type { Dossier, StepState, Text, TimelineEvent } from './dossier.ts';

export const receivedText = (dossier: Dossier): Text => ({
  vi: `Hồ sơ ${dossier.id} (${dossierTitle(dossier).vi}) đã được tiếp nhận; dự kiến trả kết quả ngày ${dossier.expectedBy}.`,
  en: `Dossier ${dossier.id} (${dossierTitle(dossier).en}) is received; the result is expected by ${dossier.expectedBy}.`,
});

const vnd = (amount: number) => `${amount.toLocaleString('vi-VN')} đ`;

export const awaitingPaymentText = (dossier: Dossier, fee: { amountVnd: number; payBy: string }): Text => ({
  vi: `Hồ sơ ${dossier.id} đã được tiếp nhận và chờ thanh toán ${vnd(fee.amountVnd)} trước ${fee.payBy}; hồ sơ được xử lý sau khi thanh toán.`,
  en: `Dossier ${dossier.id} is received and awaits payment of ${vnd(fee.amountVnd)} before ${fee.payBy}; it is processed once paid.`,
});

/**
 * The timeline's first event, and the citizen's first message: the dossier received (or awaiting its fee). It follows
 * from fields the dossier item keeps unchanged (DossierStore derives it there, see timelineOf), so it is no item
 * of its own.
 */
export const receivedEvent = (dossier: Dossier): TimelineEvent => ({
  at: dossier.submittedAt,
  kind: dossier.payment ? 'awaiting-payment' : 'submitted',
  actor: dossier.applicantPin,
  text: dossier.payment ? awaitingPaymentText(dossier, dossier.payment) : receivedText(dossier),
});

export const startedText = (dossier: Pick<Dossier, 'id'>): Text => ({
  vi: `Hồ sơ ${dossier.id} đã được chuyển tới cơ quan giải quyết.`,
  en: `Dossier ${dossier.id} has been passed to the agencies.`,
});

export const openedText = (stepId: StepId, dueDate: string): Text => ({
  vi: `Bước "${STEPS[stepId].title.vi}" đang chờ cán bộ xử lý (hạn ${dueDate}).`,
  en: `Step "${STEPS[stepId].title.en}" awaits an officer (due ${dueDate}).`,
});

export const rejectedStepText = (stepId: StepId, reason: string): Text => ({
  vi: `Bước "${STEPS[stepId].title.vi}" bị từ chối: ${reason}`,
  en: `Step "${STEPS[stepId].title.en}" was refused: ${reason}`,
});

/**
 * The end of a dossier. `results` are what the steps approved without an officer did (their timeline texts, e.g. the
 * PIN issued): those steps send no message of their own, so that an auto-approved group is two messages, not six.
 */
export const completedText = (dossier: Dossier, results: readonly Text[] = []): Text => ({
  vi: `Hồ sơ ${dossier.id} đã hoàn thành.${results.map((r) => ` ${r.vi}`).join('')} Kết quả được gửi vào tài khoản định danh điện tử của bạn.`,
  en: `Dossier ${dossier.id} is complete.${results.map((r) => ` ${r.en}`).join('')} The results are in your e-ID account.`,
});

/**
 * What the steps approved without an officer did, in the order of the group: their timeline texts, which the
 * completion message carries since those steps send none of their own (see `decide` in run-step.ts). A step reversed
 * since (a revoked death) was approved when the group completed, and its approval stays on its item: it still counts,
 * so the completion reads as it was sent.
 */
export const automaticResults = (
  dossier: Pick<Dossier, 'steps'>,
  steps: readonly Pick<StepState, 'stepId' | 'status' | 'automatic'>[],
  timeline: readonly TimelineEvent[],
): Text[] =>
  dossier.steps.flatMap((stepId) => {
    const step = steps.find((s) => s.stepId === stepId);
    if ((step?.status !== 'approved' && step?.status !== 'reversed') || step.automatic !== true) return [];
    const event = timeline.findLast((e) => e.kind === 'step-approved' && e.stepId === stepId);
    return event ? [event.text] : [];
  });

/**
 * A completed group's outcome text, from the dossier and its steps as they stand once it completed: the message the
 * citizen is sent, and what the dossier shows. The store keeps only when it completed and derives the text again on
 * read (dossierOf in shared/adapters/dynamodb/dossier-items.ts): nothing it depends on changes after completion.
 */
export const completionText = (
  dossier: Dossier,
  steps: readonly Pick<StepState, 'stepId' | 'status' | 'automatic'>[],
  timeline: readonly TimelineEvent[],
): Text => completedText(dossier, automaticResults(dossier, steps, timeline));

export const rejectedText = (dossier: Dossier, stepId: StepId | undefined, reason: string): Text => ({
  vi:
    `Hồ sơ ${dossier.id} đã kết thúc vì ${stepId ? `bước "${STEPS[stepId].title.vi}" bị từ chối` : 'bị từ chối'}: ${reason}. ` +
    'Các bước đã hoàn thành vẫn có hiệu lực; các bước còn lại đã được hủy.',
  en:
    `Dossier ${dossier.id} has ended because ${stepId ? `step "${STEPS[stepId].title.en}" was refused` : 'it was refused'}: ${reason}. ` +
    'Steps already completed stay valid; the remaining steps are cancelled.',
});

export const failedText = (dossier: Dossier): Text => ({
  vi: `Hồ sơ ${dossier.id} chưa thể hoàn thành do sự cố kỹ thuật; bộ phận vận hành đã được báo và sẽ liên hệ với bạn. Các bước đã hoàn thành vẫn có hiệu lực.`,
  en: `Dossier ${dossier.id} could not be completed because of a technical problem; the operators have been alerted and will contact you. Steps already completed stay valid.`,
});

export const overdueText = (dossier: { id: string }, stepId: StepId, dueDate: string): Text => ({
  vi: `Quá hạn: bước "${STEPS[stepId].title.vi}" của hồ sơ ${dossier.id} đã quá hạn ${dueDate}.`,
  en: `Overdue: step "${STEPS[stepId].title.en}" of dossier ${dossier.id} was due ${dueDate}.`,
});

/**
 * The revocation's outcome. `householdWithoutHead`: the household the person is back in has no head (it left while
 * the death left nobody else living there); its members choose one and register the change (Luật Cư trú 2020,
 * Articles 10 and 26), which the officer and the family are told here. `headedBy`: the person headed the household,
 * which registered a new head after the death; they are back as a member and the members may change the head again.
 */
export const revokedText = (
  dossier: Dossier,
  reason: string,
  household: { householdWithoutHead?: string; headedBy?: { pin: string; fullName: string } } = {},
): Text => {
  const { householdWithoutHead, headedBy } = household;
  return {
    vi:
      `Đăng ký khai tử trong hồ sơ ${dossier.id} đã bị hủy bỏ: ${reason}. Thông tin công dân, nơi thường trú và tài khoản định danh đã được khôi phục.` +
      (householdWithoutHead
        ? ` Hộ gia đình ${householdWithoutHead} hiện không có chủ hộ: các thành viên cần thống nhất đề cử chủ hộ mới và làm thủ tục điều chỉnh thông tin về cư trú tại Công an cấp xã.`
        : '') +
      (headedBy
        ? ` Hộ gia đình đã có chủ hộ mới là ${headedBy.fullName} (${headedBy.pin}), nên công dân trở lại hộ với quan hệ "khác" so với chủ hộ; nếu các thành viên thống nhất đề cử người khác làm chủ hộ, làm thủ tục điều chỉnh thông tin về cư trú (thay đổi chủ hộ).`
        : ''),
    en:
      `The death registration of dossier ${dossier.id} has been revoked: ${reason}. The citizen's record, residence and e-ID account are restored.` +
      (householdWithoutHead
        ? ` Household ${householdWithoutHead} now has no head: its members must agree on a new head and register the change of residence information with the commune police.`
        : '') +
      (headedBy
        ? ` The household registered a new head, ${headedBy.fullName} (${headedBy.pin}), so the citizen is back in it as a member (relation "other"); if its members agree on another head, they register a change of household head.`
        : ''),
  };
};

export const resumedText = (dossier: Dossier, stepId: StepId, reason: string): Text => ({
  vi: `Hồ sơ ${dossier.id} được tiếp tục giải quyết từ bước "${STEPS[stepId].title.vi}": ${reason}. Các bước đã hoàn thành vẫn có hiệu lực.`,
  en: `Dossier ${dossier.id} is taken up again from step "${STEPS[stepId].title.en}": ${reason}. Steps already completed stay valid.`,
});
