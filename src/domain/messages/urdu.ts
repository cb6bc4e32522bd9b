import { localNumber } from "../numbers.ts";
import type { Messages, WidgetMessages } from "./catalogue.ts";

const number = (count: number) => localNumber("ur", count);

export const commentCountUr = (count: number) => (count === 0 ? "ابھی کوئی تبصرہ نہیں" : count === 1 ? "1 تبصرہ" : `${number(count)} تبصرے`);

/** Urdu, written right to left. */
export const urdu: Messages = {
  dir: "rtl",
  leaveReply: "جواب دیں",
  leaveReplyTo: "{name} کو جواب دیں",
  cancelReply: "جواب منسوخ کریں",
  privacyNote: "آپ کا ای میل ایڈریس شائع نہیں کیا جائے گا۔ ضروری خانوں پر {required} کا نشان لگا ہے",
  name: "نام",
  email: "ای میل",
  website: "ویب سائٹ",
  comment: "تبصرہ",
  postComment: "تبصرہ شائع کریں",
  remember: "اگلی بار تبصرے کے لیے میرا نام، ای میل اور ویب سائٹ اس براؤزر میں محفوظ رکھیں۔",
  honeypot: "یہ خانہ خالی چھوڑ دیں",
  correctFields: (count) => (count === 1 ? "براہِ کرم نیچے نشان زدہ خانہ درست کریں۔" : `براہِ کرم نیچے نشان زدہ ${count} خانے درست کریں۔`),
  awaitingModeration: "آپ کا تبصرہ منظوری کا منتظر ہے۔",
  commentCount: commentCountUr,
  says: "نے کہا:",
  reply: "جواب",
  replyTo: "{name} کو جواب دیں",
  inReplyTo: "{name} کے جواب میں",
  olderComments: "→ پرانے تبصرے",
  newerComments: "نئے تبصرے ←",
  commentPages: "تبصروں کے صفحات",
  commentsClosed: "تبصرے بند ہیں۔",
  notifyLegend: "نئے تبصروں کی اطلاع مجھے ای میل سے دیں",
  notifyNone: "نہیں، شکریہ",
  notifyReplies: "میرے تبصرے کے جوابات",
  notifyThread: "اس مضمون پر تمام نئے تبصرے",
  notifyNote: "پہلی بار ہم تصدیق کے لیے آپ کو ایک لنک بھیجیں گے۔ ہر ای میل میں انہیں بند کرنے کا لنک ہوتا ہے۔",
};

/** The widget's own words. */
export const urduWidget: WidgetMessages = {
  loading: "تبصرے لوڈ ہو رہے ہیں…",
  loadFailed: "تبصرے لوڈ نہیں ہو سکے۔",
  sending: "بھیجا جا رہا ہے…",
  sendFailed: "آپ کا تبصرہ نہیں بھیجا جا سکا۔ براہِ کرم دوبارہ کوشش کریں۔",
  missingName: "اپنا نام لکھیں۔",
  missingEmail: "اپنا ای میل ایڈریس لکھیں۔",
  invalidEmail: "درست ای میل ایڈریس لکھیں۔",
  missingComment: "تبصرہ لکھیں۔",
  invalidWebsite: "درست ویب ایڈریس لکھیں (http:// یا https://)۔",
};
