import { localNumber } from "../numbers.ts";
import type { Messages, WidgetMessages } from "./catalogue.ts";

const number = (count: number) => localNumber("fr", count);

export const commentCountFr = (count: number) =>
  count === 0 ? "Aucun commentaire pour l’instant" : count === 1 ? "1 commentaire" : `${number(count)} commentaires`;

/** French. */
export const french: Messages = {
  dir: "ltr",
  leaveReply: "Laisser un commentaire",
  leaveReplyTo: "Répondre à {name}",
  cancelReply: "Annuler la réponse",
  privacyNote: "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec {required}",
  name: "Nom",
  email: "E-mail",
  website: "Site web",
  comment: "Commentaire",
  postComment: "Publier le commentaire",
  remember: "Enregistrer mon nom, mon e-mail et mon site web dans ce navigateur pour mon prochain commentaire.",
  honeypot: "Laissez ce champ vide",
  correctFields: (count) => (count === 1 ? "Veuillez corriger le champ indiqué ci-dessous." : `Veuillez corriger les ${count} champs indiqués ci-dessous.`),
  awaitingModeration: "Votre commentaire est en attente de modération.",
  commentCount: commentCountFr,
  says: "dit :",
  reply: "Répondre",
  replyTo: "Répondre à {name}",
  inReplyTo: "En réponse à {name}",
  olderComments: "← Commentaires plus anciens",
  newerComments: "Commentaires plus récents →",
  commentPages: "Pages de commentaires",
  commentsClosed: "Les commentaires sont fermés.",
  notifyLegend: "M’avertir des nouveaux commentaires par e-mail",
  notifyNone: "Non merci",
  notifyReplies: "Les réponses à mon commentaire",
  notifyThread: "Tous les nouveaux commentaires de cet article",
  notifyNote: "La première fois, nous vous envoyons un lien de confirmation. Chaque e-mail contient un lien pour ne plus en recevoir.",
};

/** The widget's own words. */
export const frenchWidget: WidgetMessages = {
  loading: "Chargement des commentaires…",
  loadFailed: "Les commentaires n’ont pas pu être chargés.",
  sending: "Envoi…",
  sendFailed: "Votre commentaire n’a pas pu être envoyé. Veuillez réessayer.",
  missingName: "Saisissez votre nom.",
  missingEmail: "Saisissez votre adresse e-mail.",
  invalidEmail: "Saisissez une adresse e-mail valide.",
  missingComment: "Écrivez un commentaire.",
  invalidWebsite: "Saisissez une adresse web valide (http:// ou https://).",
};
