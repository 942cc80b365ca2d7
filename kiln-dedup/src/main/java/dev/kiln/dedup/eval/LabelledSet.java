package dev.kiln.dedup.eval;

import dev.kiln.core.Document;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A near-duplicate benchmark made from real documents, the way web data repeats itself: each
 * original may get web-style variants (site headers and footers, small word or character edits, a
 * dropped sentence, whitespace and punctuation changes, truncation), and some pairs of unrelated
 * originals are wrapped in the same long boilerplate (hard negatives: shared template, different
 * content). Labels are not assigned here: the truth is the measured Jaccard of the shingles
 * ({@link ExactJaccard}), so a variant edited past the threshold is rightly not a duplicate.
 * Deterministic for a seed.
 */
public final class LabelledSet {
  private LabelledSet() {}

  private static final String[][] EN_HEADERS = {
      {"Home | News | Sports | Business | Contact us", "Posted by admin on March 3, 2019"},
      {"Skip to main content", "Menu Search Subscribe Sign in"},
      {"Tech Daily - your source for technology news", "Share on Facebook Share on Twitter Email"},
  };
  private static final String[] EN_FOOTERS = {
      "Copyright 2021 Example Media Group. All rights reserved. Privacy policy | Terms of use",
      "Related posts: 10 things you did not know about Linux; Why mail still matters",
      "This site uses cookies to improve your experience. Accept | Learn more",
      "Leave a comment. Your email address will not be published. Required fields are marked",
  };
  private static final String[][] ZH_HEADERS = {
      {"首页 | 新闻 | 体育 | 财经 | 联系我们", "发布时间：2019年3月3日 来源：本站"},
      {"跳到主要内容", "菜单 搜索 订阅 登录"},
      {"古诗文网 - 经典诗词鉴赏", "分享到：微博 微信 QQ空间"},
  };
  private static final String[] ZH_FOOTERS = {
      "版权所有 © 2021 示例传媒集团 保留所有权利 隐私政策 使用条款",
      "相关阅读：十首最美的唐诗；宋词名篇赏析",
      "本站使用Cookie以改善您的体验 接受 了解更多",
      "发表评论 您的电子邮箱地址不会被公开 必填项已用星号标注",
  };
  private static final String EN_TEMPLATE_HEAD = "Welcome to the Example Community Forum. Please read the rules before posting. "
      + "Members must be logged in to reply. Moderators review every new thread within a day. Home Forums Latest Activity Members";
  private static final String EN_TEMPLATE_FOOT = "Powered by Example Forum Software version 4.2. All times are UTC. "
      + "Contact the administrators | Terms and rules | Privacy policy | Help | Top of page. Copyright Example Ltd.";
  private static final String ZH_TEMPLATE_HEAD = "欢迎来到示例社区论坛 发帖前请先阅读版规 会员登录后才能回复 版主会在一天内审核每个新帖 首页 论坛 最新动态 会员";
  private static final String ZH_TEMPLATE_FOOT = "由示例论坛软件提供技术支持 所有时间均为北京时间 联系管理员 条款和规则 隐私政策 帮助 返回顶部 版权所有";

  /**
   * The originals (ids kept), their variants ({@code ID#vN}) and hard negatives ({@code ID#tpl}),
   * shuffled. {@code cjk} picks Chinese boilerplate and character-level edits.
   */
  public static List<Document> build(List<Document> originals, boolean cjk, long seed) {
    Random r = new Random(seed);
    List<Document> out = new ArrayList<>();
    for (int i = 0; i < originals.size(); i++) {
      Document o = originals.get(i);
      out.add(Document.of(o.id(), o.text(), Map.of("kind", "original")));
      int variants = r.nextInt(10) < 4 ? 0 : 1 + r.nextInt(3);
      for (int v = 0; v < variants; v++) {
        out.add(Document.of(o.id() + "#v" + v, variant(o.text(), cjk, r), Map.of("kind", "variant")));
      }
      if (i % 10 == 5) {
        String head = cjk ? ZH_TEMPLATE_HEAD : EN_TEMPLATE_HEAD;
        String foot = cjk ? ZH_TEMPLATE_FOOT : EN_TEMPLATE_FOOT;
        out.add(Document.of(o.id() + "#tpl", head + "\n" + o.text() + "\n" + foot, Map.of("kind", "template")));
      }
    }
    Collections.shuffle(out, r);
    return out;
  }

  static String variant(String text, boolean cjk, Random r) {
    String t = text;
    int ops = 1 + r.nextInt(3);
    for (int k = 0; k < ops; k++) {
      switch (r.nextInt(6)) {
        case 0 -> {
          String[] h = (cjk ? ZH_HEADERS : EN_HEADERS)[r.nextInt(3)];
          t = h[0] + "\n" + h[1] + "\n\n" + t;
        }
        case 1 -> t = t + "\n\n" + (cjk ? ZH_FOOTERS : EN_FOOTERS)[r.nextInt(4)];
        case 2 -> t = cjk ? editChars(t, r) : editWords(t, r);
        case 3 -> t = dropSentence(t, r);
        case 4 -> t = spacing(t, r);
        default -> t = t.substring(0, (int) (t.length() * (0.80 + 0.19 * r.nextDouble())));
      }
    }
    return t;
  }

  /** Replaces, deletes or inserts about 1 to 3% of the words. */
  static String editWords(String t, Random r) {
    String[] w = t.split(" ", -1);
    int edits = Math.max(1, (int) (w.length * (0.01 + 0.02 * r.nextDouble())));
    List<String> words = new ArrayList<>(List.of(w));
    for (int e = 0; e < edits && !words.isEmpty(); e++) {
      int at = r.nextInt(words.size());
      switch (r.nextInt(3)) {
        case 0 -> words.set(at, "edited" + r.nextInt(100));
        case 1 -> words.remove(at);
        default -> words.add(at, "also");
      }
    }
    return String.join(" ", words);
  }

  /** Replaces, deletes or inserts about 1 to 3% of the characters. */
  static String editChars(String t, Random r) {
    StringBuilder sb = new StringBuilder(t);
    int edits = Math.max(1, (int) (t.length() * (0.01 + 0.02 * r.nextDouble())));
    for (int e = 0; e < edits && sb.length() > 1; e++) {
      int at = r.nextInt(sb.length());
      if (Character.isSurrogate(sb.charAt(at))) {
        continue;
      }
      switch (r.nextInt(3)) {
        case 0 -> sb.setCharAt(at, "之乎者也矣焉哉".charAt(r.nextInt(7)));
        case 1 -> sb.deleteCharAt(at);
        default -> sb.insert(at, '的');
      }
    }
    return sb.toString();
  }

  static String dropSentence(String t, Random r) {
    String[] s = t.split("(?<=[.!?。！？])");
    if (s.length < 4) {
      return t;
    }
    List<String> l = new ArrayList<>(List.of(s));
    l.remove(r.nextInt(l.size()));
    return String.join("", l);
  }

  static String spacing(String t, Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> t.replace("\n", "\n\n");
      case 1 -> t.replace(", ", " , ").replace("，", ",");
      case 2 -> t.replaceAll("[ \\t]+", " ").strip();
      default -> t.replace("。", ". ").replace(". ", ".  ");
    };
  }
}
