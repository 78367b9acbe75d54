import { AppError } from "../../lib/errors.ts";

/** Why a file cannot go into the knowledge base; every code has one Russian message for people. */
export const FILE_PROBLEMS = {
  empty_file: "Файл пустой",
  file_too_large: "Файл слишком большой",
  unsupported_type: "Такой тип файла не поддерживается: пришлите PDF, DOCX, XLSX, TXT, MD или CSV",
  corrupt_file: "Файл повреждён: его не удалось прочитать",
  encrypted_file: "Файл защищён паролем: снимите защиту и пришлите снова",
  zip_bomb: "Файл распаковывается в слишком большой объём — похоже на zip-бомбу, он отклонён",
  no_text: "В файле нет текста — похоже, это скан",
} as const;

export type FileProblem = keyof typeof FILE_PROBLEMS;

export function fileProblem(code: FileProblem, message?: string, status = 422): AppError {
  return new AppError(code, {
    status: code === "file_too_large" ? 413 : code === "unsupported_type" ? 415 : status,
    userMessage: FILE_PROBLEMS[code],
    message,
  });
}
