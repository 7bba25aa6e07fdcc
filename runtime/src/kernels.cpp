#include "kernels.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "tape/error.hpp"

namespace tape::detail {

Shape broadcast_shape(const Shape& a, const Shape& b, const char* what) {
  if (a == b) return a;
  const std::size_t rank = std::max(a.size(), b.size());
  Shape out(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    const std::int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const std::int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      throw ShapeError(std::string(what) + ": shapes " + to_string(a) + " and " +
                       to_string(b) + " do not broadcast");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

void require_valid_shape(const Shape& s, const char* what) {
  for (const std::int64_t d : s)
    if (d < 0)
      throw ShapeError(std::string(what) + ": shape " + to_string(s) + " has a negative dimension");
  if (std::find(s.begin(), s.end(), 0) != s.end()) return;  // no elements at all
  std::int64_t n = 1;
  for (const std::int64_t d : s)
    if (__builtin_mul_overflow(n, d, &n))
      throw ShapeError(std::string(what) + ": shape " + to_string(s) +
                       " has more elements than a 64-bit count holds");
}

void round_to(DType d, Values& v) {
  if (d == DType::f64) return;
  for (double& x : v) x = round_to(d, x);
}

namespace {

template <class F>
void map_each(const double* x, std::size_t n, double* out, F f) {
  for (std::size_t i = 0; i < n; ++i) out[i] = f(x[i]);
}

}  // namespace

void unary_values(Op op, const double* x, std::size_t n, double p, double* out) {
  switch (op) {
    case Op::neg: return map_each(x, n, out, [](double v) { return -v; });
    case Op::sin: return map_each(x, n, out, [](double v) { return std::sin(v); });
    case Op::cos: return map_each(x, n, out, [](double v) { return std::cos(v); });
    case Op::exp: return map_each(x, n, out, [](double v) { return std::exp(v); });
    case Op::square: return map_each(x, n, out, [](double v) { return v * v; });
    default: return map_each(x, n, out, [op, p](double v) { return apply_unary(op, v, p); });
  }
}

namespace {

// Strides of `s` seen from the broadcast shape `out`: 0 along broadcast axes.
std::vector<std::int64_t> broadcast_strides(const Shape& s, const Shape& out) {
  std::vector<std::int64_t> strides(out.size(), 0);
  std::int64_t stride = 1;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const std::size_t i = s.size() - 1 - k;
    const std::size_t o = out.size() - 1 - k;
    strides[o] = s[i] == 1 ? 0 : stride;
    stride *= s[i];
  }
  return strides;
}

template <class F>
Values broadcast_map(const double* a, const Shape& as, const double* b, const Shape& bs,
                     const Shape& out, F f) {
  const std::int64_t n = element_count(out);
  Values r(static_cast<std::size_t>(n));
  const std::int64_t na = element_count(as), nb = element_count(bs);
  if (na == n && nb == n) {
    for (std::int64_t i = 0; i < n; ++i) r[i] = f(a[i], b[i]);
    return r;
  }
  if (nb == 1 && na == n) {
    for (std::int64_t i = 0; i < n; ++i) r[i] = f(a[i], b[0]);
    return r;
  }
  if (na == 1 && nb == n) {
    for (std::int64_t i = 0; i < n; ++i) r[i] = f(a[0], b[i]);
    return r;
  }
  const auto sa = broadcast_strides(as, out), sb = broadcast_strides(bs, out);
  std::vector<std::int64_t> index(out.size(), 0);
  std::int64_t ia = 0, ib = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    r[i] = f(a[ia], b[ib]);
    for (std::size_t d = out.size(); d-- > 0;) {
      ++index[d];
      ia += sa[d];
      ib += sb[d];
      if (index[d] < out[d]) break;
      ia -= sa[d] * out[d];
      ib -= sb[d] * out[d];
      index[d] = 0;
    }
  }
  return r;
}

}  // namespace

Values binary_values(Op op, const double* a, const Shape& as, const double* b, const Shape& bs,
                     const Shape& out) {
  switch (op) {
    case Op::add: return broadcast_map(a, as, b, bs, out, [](double x, double y) { return x + y; });
    case Op::sub: return broadcast_map(a, as, b, bs, out, [](double x, double y) { return x - y; });
    case Op::mul: return broadcast_map(a, as, b, bs, out, [](double x, double y) { return x * y; });
    default: return broadcast_map(a, as, b, bs, out, [](double x, double y) { return x / y; });
  }
}

Values matmul_values(const double* a, const Shape& as, const double* b, const Shape& bs) {
  const std::int64_t n = as[0], k = as[1], m = bs[1];
  Values r(static_cast<std::size_t>(n * m), 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t p = 0; p < k; ++p) {
      const double av = a[i * k + p];
      for (std::int64_t j = 0; j < m; ++j) r[i * m + j] += av * b[p * m + j];
    }
  return r;
}

Values transpose_values(const double* a, const Shape& as) {
  const std::int64_t n = as[0], m = as[1];
  Values r(static_cast<std::size_t>(n * m));
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < m; ++j) r[j * n + i] = a[i * m + j];
  return r;
}

Values sum_to_values(const double* a, const Shape& from, const Shape& to) {
  const std::int64_t n = element_count(from);
  Values r(static_cast<std::size_t>(element_count(to)), 0.0);
  if (element_count(to) == 1) {
    double s = 0;
    for (std::int64_t i = 0; i < n; ++i) s += a[i];
    r[0] = s;
    return r;
  }
  const auto st = broadcast_strides(to, from);
  std::vector<std::int64_t> index(from.size(), 0);
  std::int64_t it = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    r[it] += a[i];
    for (std::size_t d = from.size(); d-- > 0;) {
      ++index[d];
      it += st[d];
      if (index[d] < from[d]) break;
      it -= st[d] * from[d];
      index[d] = 0;
    }
  }
  return r;
}

Values pad_rows_values(const double* a, const Shape& as, std::int64_t rows, std::int64_t begin) {
  // A row's size from the trailing extents, not size / rows: the slice may
  // have no rows.
  const std::int64_t row = as.empty() ? 1 : element_count(Shape(as.begin() + 1, as.end()));
  Values r(static_cast<std::size_t>(rows * row), 0.0);
  std::copy(a, a + element_count(as), r.begin() + begin * row);
  return r;
}

}  // namespace tape::detail
