/**
 * Every text of the sign-in pages, in Vietnamese (the default) and English. Messages say what happened and what
 * the person can do next, without technical words and without revealing whether a PIN has an account.
 */
import type { Language } from '../../../shared/identity/oidc/interactions.ts';
import { AGENCY_SCOPES, isAgencyScope } from '../../../shared/identity/scopes.ts';

type Text = Readonly<Record<Language, string>>;

const time = (epochMs: number, lang: Language) =>
  new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(epochMs));

export const MESSAGES = {
  service: { vi: 'Hệ thống định danh và xác thực điện tử', en: 'National electronic identification' },
  skipToContent: { vi: 'Chuyển đến nội dung chính', en: 'Skip to main content' },
  otherLanguage: { vi: 'English', en: 'Tiếng Việt' },
  loginTitle: { vi: 'Đăng nhập tài khoản định danh điện tử', en: 'Sign in with your e-ID account' },
  continueTo: { vi: 'để tiếp tục tới', en: 'to continue to' },
  pinLabel: { vi: 'Số định danh cá nhân', en: 'Personal identification number' },
  pinHint: {
    vi: '12 chữ số, in trên thẻ căn cước của bạn.',
    en: '12 digits, printed on your ID card.',
  },
  passwordLabel: { vi: 'Mật khẩu', en: 'Password' },
  continue: { vi: 'Tiếp tục', en: 'Continue' },
  backTo: { vi: 'Quay lại', en: 'Back to' },
  errorSummary: { vi: 'Chưa đăng nhập được', en: 'You are not signed in yet' },
  levelRequired: {
    vi: 'Dịch vụ này yêu cầu tài khoản định danh điện tử mức 2.',
    en: 'This service requires a level 2 e-ID account.',
  },
  missingFields: {
    vi: 'Nhập số định danh cá nhân và mật khẩu.',
    en: 'Enter your personal identification number and your password.',
  },
  unavailable: {
    vi: 'Tài khoản này không thể dùng để đăng nhập. Nếu bạn cho rằng có nhầm lẫn, hãy liên hệ công an xã nơi bạn cư trú.',
    en: 'This account cannot be used to sign in. If you think this is a mistake, contact the police of the commune where you live.',
  },
  codeExpired: {
    vi: 'Mã xác thực đã hết hạn. Hãy đăng nhập lại để nhận mã mới.',
    en: 'The code has expired. Sign in again to get a new code.',
  },
  codeExhausted: {
    vi: 'Bạn đã nhập sai mã xác thực quá số lần cho phép. Hãy đăng nhập lại để nhận mã mới.',
    en: 'The code was entered wrongly too many times. Sign in again to get a new code.',
  },
  codeMissing: {
    vi: 'Mã xác thực không còn hiệu lực. Hãy đăng nhập lại.',
    en: 'That code can no longer be used. Please sign in again.',
  },
  codeTitle: { vi: 'Nhập mã xác thực', en: 'Enter your one-time code' },
  codeLabel: { vi: 'Mã xác thực (6 chữ số)', en: 'One-time code (6 digits)' },
  codeMissingInput: { vi: 'Nhập mã xác thực gồm 6 chữ số.', en: 'Enter the 6-digit code.' },
  noCode: { vi: 'Không nhận được mã? Đăng nhập lại', en: "Didn't get a code? Sign in again" },
  confirm: { vi: 'Xác nhận', en: 'Confirm' },
  consentTitle: { vi: 'Cho phép chia sẻ thông tin', en: 'Allow access to your information' },
  consentWants: { vi: 'muốn được:', en: 'would like to:' },
  consentDeviceApp: {
    vi: 'Một ứng dụng trên thiết bị này đang yêu cầu đăng nhập bằng tài khoản của bạn. Chỉ đồng ý nếu chính bạn vừa mở ứng dụng đó.',
    en: 'An app on this device is asking to sign in with your account. Only allow it if you have just opened that app yourself.',
  },
  consentSignIn: {
    vi: 'Biết bạn đã đăng nhập (số định danh cá nhân)',
    en: 'Know who you are (your personal identification number)',
  },
  allow: { vi: 'Đồng ý', en: 'Allow' },
  deny: { vi: 'Từ chối', en: 'Deny' },
  logoutTitle: { vi: 'Đăng xuất', en: 'Sign out' },
  logoutQuestion: {
    vi: 'Bạn có muốn đăng xuất khỏi tài khoản định danh điện tử trên trình duyệt này?',
    en: 'Do you want to sign out of your e-ID account in this browser?',
  },
  logoutYes: { vi: 'Đăng xuất', en: 'Sign out' },
  logoutNo: { vi: 'Không, giữ đăng nhập', en: 'No, stay signed in' },
  loggedOutTitle: { vi: 'Bạn đã đăng xuất', en: 'You are signed out' },
  loggedOut: {
    vi: 'Bạn đã đăng xuất khỏi tài khoản định danh điện tử. Bạn có thể đóng trang này.',
    en: 'You have signed out of your e-ID account. You can close this page.',
  },
  goneTitle: { vi: 'Phiên đăng nhập đã kết thúc', en: 'This sign-in has ended' },
  gone: {
    vi: 'Phiên đăng nhập đã hết hạn hoặc đã kết thúc. Hãy quay lại dịch vụ bạn đang dùng và đăng nhập lại.',
    en: 'This sign-in has expired or already finished. Go back to the service you were using and sign in again.',
  },
  errorTitle: { vi: 'Không thể đăng nhập', en: 'Sign-in is not possible' },
  errorRequest: {
    vi: 'Dịch vụ đã gửi một yêu cầu đăng nhập không hợp lệ. Hãy quay lại dịch vụ và thử lại; nếu vẫn lỗi, hãy báo cho đơn vị quản lý dịch vụ đó.',
    en: 'The service sent a sign-in request that is not valid. Go back to the service and try again; if it keeps failing, tell the organisation that runs it.',
  },
  errorServer: {
    vi: 'Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.',
    en: 'Something went wrong on our side. Please try again in a few minutes.',
  },
  technicalDetails: { vi: 'Thông tin kỹ thuật (dành cho bộ phận hỗ trợ)', en: 'Technical details (for support staff)' },
  setPasswordTitle: { vi: 'Đặt mật khẩu tài khoản định danh điện tử', en: 'Set the password of your e-ID account' },
  setPasswordLead: {
    vi: 'Tài khoản của bạn đã được công an xã kích hoạt mức 2. Chọn mật khẩu để đăng nhập.',
    en: 'The commune police activated your account at level 2. Choose a password to sign in with.',
  },
  passwordRules: {
    vi: 'Ít nhất 8 ký tự, có cả chữ và số, không chứa số định danh cá nhân của bạn.',
    en: 'At least 8 characters, with letters and digits, not containing your personal identification number.',
  },
  newPasswordLabel: { vi: 'Mật khẩu mới', en: 'New password' },
  confirmationLabel: { vi: 'Nhập lại mật khẩu mới', en: 'New password again' },
  setPasswordRejected: {
    vi: 'Mật khẩu chưa đạt yêu cầu, hoặc hai lần nhập không giống nhau. Vui lòng chọn lại.',
    en: 'The password does not follow the rules, or the two entries differ. Please choose again.',
  },
  setPasswordButton: { vi: 'Đặt mật khẩu', en: 'Set password' },
  passwordSetTitle: { vi: 'Đã đặt mật khẩu', en: 'Your password is set' },
  passwordSet: {
    vi: 'Bạn có thể đăng nhập bằng số định danh cá nhân và mật khẩu vừa đặt.',
    en: 'You can now sign in with your personal identification number and this password.',
  },
  passwordLinkGoneTitle: { vi: 'Liên kết không còn hiệu lực', en: 'This link no longer works' },
  passwordLinkGone: {
    vi: 'Liên kết đặt mật khẩu chỉ dùng được một lần và trong 72 giờ. Hãy liên hệ công an xã nơi bạn cư trú để được gửi liên kết mới.',
    en: 'A set-password link works once and for 72 hours. Ask the police of the commune where you live to send a new one.',
  },
} as const satisfies Readonly<Record<string, Text>>;

export type MessageKey = keyof typeof MESSAGES;

export const t = (key: MessageKey, lang: Language): string => MESSAGES[key][lang];

export const invalidCredentials = (attemptsLeft: number, lang: Language) =>
  lang === 'vi'
    ? `Số định danh cá nhân hoặc mật khẩu không đúng. Bạn còn ${attemptsLeft} lần thử trước khi đăng nhập bị tạm khoá.`
    : `The personal identification number or the password is not correct. You have ${attemptsLeft} more ${attemptsLeft === 1 ? 'attempt' : 'attempts'} before sign-in is locked for a while.`;

export const locked = (lockedUntil: number, lang: Language) =>
  lang === 'vi'
    ? `Đăng nhập đang tạm khoá vì đã nhập sai nhiều lần. Vui lòng thử lại sau ${time(lockedUntil, lang)} (giờ Việt Nam).`
    : `Sign-in is locked after too many wrong attempts. Please try again after ${time(lockedUntil, lang)} (Vietnam time).`;

export const levelTooLow = (clientName: string, level: number, required: number, lang: Language) =>
  lang === 'vi'
    ? `${clientName} yêu cầu tài khoản định danh điện tử mức ${required}; tài khoản của bạn đang ở mức ${level}. ` +
      'Để lên mức 2, hãy mang thẻ căn cước đến công an xã nơi bạn cư trú để được xác minh trực tiếp.'
    : `${clientName} requires a level ${required} e-ID account; yours is level ${level}. ` +
      'To reach level 2, bring your ID card to the police of the commune where you live to be checked in person.';

export const wrongCode = (attemptsLeft: number, lang: Language) =>
  lang === 'vi'
    ? `Mã xác thực không đúng. Bạn còn ${attemptsLeft} lần thử.`
    : `That code is not correct. You have ${attemptsLeft} more ${attemptsLeft === 1 ? 'attempt' : 'attempts'}.`;

export const codeSent = (maskedPin: string, validMinutes: number, lang: Language) =>
  lang === 'vi'
    ? `Chúng tôi đã gửi mã gồm 6 chữ số đến số điện thoại đăng ký của tài khoản ${maskedPin}. Mã có hiệu lực ${validMinutes} phút.`
    : `We sent a 6-digit code to the phone registered for account ${maskedPin}. It is valid for ${validMinutes} minutes.`;

const SCOPE_TEXTS: Readonly<Record<string, Text>> = {
  profile: { vi: 'Biết họ tên và ngày sinh của bạn', en: 'Know your full name and date of birth' },
  citizen: {
    vi: 'Xem hồ sơ dân cư của bạn và nộp hồ sơ dịch vụ công thay bạn',
    en: 'See your population record and submit public-service applications for you',
  },
  officer: { vi: 'Làm việc với vai trò cán bộ của bạn', en: 'Act in your role as an officer' },
  offline_access: {
    vi: 'Duy trì kết nối khi bạn không sử dụng (tối đa 8 giờ)',
    en: 'Stay connected while you are away (up to 8 hours)',
  },
};

/** What a scope lets the relying party do, in words. */
export const scopeText = (scope: string, lang: Language): string => {
  if (isAgencyScope(scope)) return AGENCY_SCOPES[scope].purpose[lang];
  return SCOPE_TEXTS[scope]?.[lang] ?? scope;
};
