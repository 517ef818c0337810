#include "metricscontroller.h"

#include "core/metrics.h"
#include "problem.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>
#include <set>

namespace shop {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Tag = std::pair<std::string, std::string>;

bool carriesEvery(const ClientMetric &series, const std::vector<Tag> &tags)
{
    for (const auto &[key, value] : tags) {
        bool found = false;
        for (const ClientMetric::Label &label : series.label)
            found = found || (label.name == key && label.value == value);
        if (!found)
            return false;
    }
    return true;
}

// Micrometer's units come from the meter; ours from the naming convention.
QJsonValue baseUnit(const std::string &name)
{
    if (name.ends_with("_seconds"))
        return QStringLiteral("seconds");
    if (name.ends_with("_bytes"))
        return QStringLiteral("bytes");
    return QJsonValue::Null;
}

// Sums the matching series per statistic, as Actuator merges a meter's
// series when tags leave more than one.
QJsonArray measurements(const MetricFamily &family, const std::vector<const ClientMetric *> &series)
{
    const char *total = family.name.ends_with("_seconds") ? "TOTAL_TIME" : "TOTAL";
    std::vector<std::pair<const char *, double>> sums;
    auto add = [&sums](const char *statistic, double value) {
        for (auto &[name, sum] : sums) {
            if (name == statistic) {
                sum += value;
                return;
            }
        }
        sums.emplace_back(statistic, value);
    };
    for (const ClientMetric *one : series) {
        switch (family.type) {
        case MetricType::Counter:
            add("COUNT", one->counter.value);
            break;
        case MetricType::Gauge:
            add("VALUE", one->gauge.value);
            break;
        case MetricType::Histogram:
            add("COUNT", static_cast<double>(one->histogram.sample_count));
            add(total, one->histogram.sample_sum);
            break;
        case MetricType::Summary:
            add("COUNT", static_cast<double>(one->summary.sample_count));
            add(total, one->summary.sample_sum);
            break;
        default:
            add("VALUE", one->untyped.value);
            break;
        }
    }
    QJsonArray result;
    for (const auto &[statistic, value] : sums)
        result.append(QJsonObject{{QStringLiteral("statistic"), QLatin1String(statistic)}, {QStringLiteral("value"), value}});
    return result;
}

// The labels the matching series still vary by; the ones asked for are fixed.
QJsonArray availableTags(const std::vector<const ClientMetric *> &series, const std::vector<Tag> &asked)
{
    std::map<std::string, std::set<std::string>> values;
    for (const ClientMetric *one : series)
        for (const ClientMetric::Label &label : one->label)
            values[label.name].insert(label.value);
    QJsonArray tags;
    for (const auto &[name, seen] : values) {
        bool isAsked = false;
        for (const Tag &tag : asked)
            isAsked = isAsked || tag.first == name;
        if (isAsked)
            continue;
        QJsonArray list;
        for (const std::string &value : seen)
            list.append(QString::fromStdString(value));
        tags.append(QJsonObject{{QStringLiteral("tag"), QString::fromStdString(name)}, {QStringLiteral("values"), list}});
    }
    return tags;
}

} // namespace

MetricsController::MetricsController(Metrics &metrics)
    : m_metrics(metrics)
{
}

void MetricsController::registerRoutes(Router &router)
{
    router.add({"GET", QStringLiteral("/actuator/metrics"), Execution::Inline,
                [this](const HttpRequest &request) { return names(request); }});
    router.add({"GET", QStringLiteral("/actuator/metrics/{name}"), Execution::Inline,
                [this](const HttpRequest &request) { return metric(request); }});
}

HttpResponse MetricsController::names(const HttpRequest &)
{
    // Like Actuator, only meters that exist: a family with no series yet is left out.
    std::set<std::string> names;
    for (const MetricFamily &family : m_metrics.collect())
        if (!family.metric.empty())
            names.insert(family.name);
    QJsonArray list;
    for (const std::string &name : names)
        list.append(QString::fromStdString(name));
    return HttpResponse::json(200, QJsonDocument(QJsonObject{{QStringLiteral("names"), list}}));
}

HttpResponse MetricsController::metric(const HttpRequest &request)
{
    std::vector<Tag> tags;
    for (const QString &tag : request.query.allQueryItemValues(QStringLiteral("tag"), QUrl::FullyDecoded)) {
        const qsizetype colon = tag.indexOf(u':');
        if (colon <= 0)
            return Problem::badRequest(QStringLiteral("a tag filter is key:value"),
                                       {{QStringLiteral("tag"), QStringLiteral("must be key:value, not '%1'").arg(tag)}})
                .toResponse(request);
        tags.emplace_back(tag.left(colon).toStdString(), tag.mid(colon + 1).toStdString());
    }
    const std::string name = request.pathParameters.value(QStringLiteral("name")).toStdString();
    const std::vector<MetricFamily> families = m_metrics.collect();
    for (const MetricFamily &family : families) {
        if (family.name != name)
            continue;
        std::vector<const ClientMetric *> series;
        for (const ClientMetric &one : family.metric)
            if (carriesEvery(one, tags))
                series.push_back(&one);
        if (series.empty())
            break;
        const QJsonObject body{
            {QStringLiteral("name"), QString::fromStdString(family.name)},
            {QStringLiteral("description"), QString::fromStdString(family.help)},
            {QStringLiteral("baseUnit"), baseUnit(family.name)},
            {QStringLiteral("measurements"), measurements(family, series)},
            {QStringLiteral("availableTags"), availableTags(series, tags)},
        };
        return HttpResponse::json(200, QJsonDocument(body));
    }
    return Problem::notFound(QStringLiteral("no metric named %1 with those tags").arg(QString::fromStdString(name)))
        .toResponse(request);
}

} // namespace shop
