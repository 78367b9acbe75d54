import { AppError } from "../../../lib/errors.ts";

/** Why a scan or a photo cannot be recognised; every code has one Russian message for people. */
export const OCR_PROBLEMS = {
  corrupt_image: "Изображение повреждено: его не удалось открыть",
  image_too_large: "Изображение слишком большое: уменьшите его или сфотографируйте страницу отдельно",
  unsupported_image: "Такой формат изображения не поддерживается: пришлите JPEG, PNG или WebP",
  too_many_pages: "В скане слишком много страниц для распознавания: разделите файл на части",
  ocr_no_text: "Не удалось распознать текст: сфотографируйте страницу ровнее и при хорошем свете",
  ocr_timeout: "Страница распознаётся слишком долго: уменьшите изображение или разделите файл",
  ocr_unavailable:
    "Распознавание сканов не настроено: установите пакет tesseract-ocr-rus или задайте KNOWLEDGE_OCR_LANG_PATH",
  ocr_cancelled: "Распознавание отменено, ничего не сохранено",
  ocr_interrupted: "Распознавание прервалось: пришлите файл ещё раз",
} as const;

export type OcrProblem = keyof typeof OCR_PROBLEMS;

const STATUS: Partial<Record<OcrProblem, number>> = { image_too_large: 413, unsupported_image: 415 };

export function ocrProblem(code: OcrProblem, message?: string, userMessage: string = OCR_PROBLEMS[code]): AppError {
  return new AppError(code, { status: STATUS[code] ?? 422, userMessage, message });
}
