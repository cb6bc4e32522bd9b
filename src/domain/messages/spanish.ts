import { localNumber } from "../numbers.ts";
import type { Messages, WidgetMessages } from "./catalogue.ts";

const number = (count: number) => localNumber("es", count);

export const commentCountEs = (count: number) => (count === 0 ? "Todavía no hay comentarios" : count === 1 ? "1 comentario" : `${number(count)} comentarios`);

/** Spanish. */
export const spanish: Messages = {
  dir: "ltr",
  leaveReply: "Deja una respuesta",
  leaveReplyTo: "Responder a {name}",
  cancelReply: "Cancelar la respuesta",
  privacyNote: "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con {required}",
  name: "Nombre",
  email: "Correo electrónico",
  website: "Web",
  comment: "Comentario",
  postComment: "Publicar el comentario",
  remember: "Guarda mi nombre, correo electrónico y web en este navegador para la próxima vez que comente.",
  honeypot: "Deja este campo vacío",
  correctFields: (count) => (count === 1 ? "Corrige el campo marcado abajo." : `Corrige los ${count} campos marcados abajo.`),
  awaitingModeration: "Tu comentario está pendiente de moderación.",
  commentCount: commentCountEs,
  says: "dice:",
  reply: "Responder",
  replyTo: "Responder a {name}",
  inReplyTo: "En respuesta a {name}",
  olderComments: "← Comentarios anteriores",
  newerComments: "Comentarios más recientes →",
  commentPages: "Páginas de comentarios",
  commentsClosed: "Los comentarios están cerrados.",
  notifyLegend: "Avísame por correo electrónico de los nuevos comentarios",
  notifyNone: "No, gracias",
  notifyReplies: "Respuestas a mi comentario",
  notifyThread: "Todos los comentarios nuevos de este artículo",
  notifyNote: "La primera vez te enviamos un enlace para confirmar. Cada correo incluye un enlace para dejar de recibirlos.",
};

/** The widget's own words. */
export const spanishWidget: WidgetMessages = {
  loading: "Cargando comentarios…",
  loadFailed: "No se pudieron cargar los comentarios.",
  sending: "Enviando…",
  sendFailed: "No se pudo enviar tu comentario. Inténtalo de nuevo.",
  missingName: "Escribe tu nombre.",
  missingEmail: "Escribe tu dirección de correo electrónico.",
  invalidEmail: "Escribe una dirección de correo electrónico válida.",
  missingComment: "Escribe un comentario.",
  invalidWebsite: "Escribe una dirección web válida (http:// o https://).",
};
