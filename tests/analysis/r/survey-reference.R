# Reference figures from R's survey package for tests/analysis/r-comparison.test.ts.
# Usage: Rscript survey-reference.R data1.csv [data2.csv …] > out.json
# Each CSV has columns group, w, y (0/1 or NA), score (0–100 or NA), dom (domain index, -1 none).
# Prints one JSON array, one object per file: the overall figures, then one per domain and per
# group, each as svymean / svyciprop on subset(design, …) of the full stratified design.
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(survey.lonely.psu = "adjust")

finite_or_na <- function(x) ifelse(is.finite(x), x, NA)

proportion <- function(d) {
  tryCatch({
    m <- svymean(~y, d, na.rm = TRUE)
    logit <- svyciprop(~y, d, method = "logit")
    beta <- svyciprop(~y, d, method = "beta", na.rm = TRUE)
    beta90 <- svyciprop(~y, d, method = "beta", level = 0.90, na.rm = TRUE)
    list(
      estimate = finite_or_na(unname(coef(m))),
      se = finite_or_na(as.numeric(SE(m))),
      df = degf(d),
      rows = nrow(d),
      logit = finite_or_na(as.vector(attr(logit, "ci"))),
      beta = finite_or_na(as.vector(attr(beta, "ci"))),
      beta90 = finite_or_na(as.vector(attr(beta90, "ci")))
    )
  }, error = function(e) NULL, warning = function(w) {
    # svyglm warns when it cannot fit (p = 0 or 1): keep the mean, drop the intervals.
    m <- svymean(~y, d, na.rm = TRUE)
    list(estimate = finite_or_na(unname(coef(m))), se = finite_or_na(as.numeric(SE(m))),
         df = degf(d), rows = nrow(d), warning = conditionMessage(w))
  })
}

score <- function(d) {
  tryCatch({
    m <- svymean(~score, d, na.rm = TRUE)
    ci <- confint(m, df = degf(d))
    list(
      estimate = finite_or_na(unname(coef(m))),
      se = finite_or_na(as.numeric(SE(m))),
      df = degf(d),
      interval = finite_or_na(as.vector(ci))
    )
  }, error = function(e) NULL)
}

figures <- function(d) list(proportion = proportion(d), score = score(d))

results <- lapply(commandArgs(trailingOnly = TRUE), function(path) tryCatch({
  data <- read.csv(path)
  design <- svydesign(ids = ~1, strata = ~group, weights = ~w, data = data)
  domains <- sort(unique(data$dom[data$dom >= 0]))
  groups <- sort(unique(data$group))
  list(
    overall = figures(design),
    domains = lapply(domains, function(k) c(list(key = k), figures(subset(design, dom == k)))),
    groups = lapply(groups, function(g) c(list(key = g), figures(subset(design, group == g))))
  )
}, error = function(e) list(error = conditionMessage(e))))
cat(toJSON(results, digits = NA, na = "null", auto_unbox = TRUE, null = "null"))
