package dev.kiln.clean.langid;

/**
 * Simplified against traditional Chinese by counting characters from a table of common pairs that
 * differ between the two scripts (个/個, 这/這, 风/風, 东/東 ...). Text with neither counts as
 * simplified ({@code zh}), the usual default.
 */
final class ChineseScript {
  private ChineseScript() {}

  /** Simplified characters, each paired with the traditional one at the same index. */
  static final String SIMPLIFIED = "个们这来说为会时国过对发学经还进么样东动问关开见长现点从头实体两业电机应书车门马鸟鱼风飞龙万与无几处听觉让认识讲话语读写记论设计总报场边气间题级线红绿华汉爱岁归乐诗词闻声远贵买卖钱银铁张陈刘杨吴黄赵孙罗郑谢将当军兴带满尽难数变传转运连选统号务术区达钟灯梦兰泪乡怀忆烟阳阴凤侬罢啸楼庙宫苏吗给该请谁类络网软据库码础释检测试调节图页显览资缓内块驱质项单双复杂错误扩载输执权户链栈队层";
  static final String TRADITIONAL = "個們這來說為會時國過對發學經還進麼樣東動問關開見長現點從頭實體兩業電機應書車門馬鳥魚風飛龍萬與無幾處聽覺讓認識講話語讀寫記論設計總報場邊氣間題級線紅綠華漢愛歲歸樂詩詞聞聲遠貴買賣錢銀鐵張陳劉楊吳黃趙孫羅鄭謝將當軍興帶滿盡難數變傳轉運連選統號務術區達鐘燈夢蘭淚鄉懷憶煙陽陰鳳儂罷嘯樓廟宮蘇嗎給該請誰類絡網軟據庫碼礎釋檢測試調節圖頁顯覽資緩內塊驅質項單雙復雜錯誤擴載輸執權戶鏈棧隊層";

  private static final java.util.BitSet SIMP = bits(SIMPLIFIED);
  private static final java.util.BitSet TRAD = bits(TRADITIONAL);

  private static java.util.BitSet bits(String s) {
    java.util.BitSet b = new java.util.BitSet(0x10000);
    s.chars().forEach(b::set);
    return b;
  }

  /** Whether the text leans traditional: at least twice as many traditional-only as simplified-only characters. */
  static boolean isTraditional(String text) {
    int simp = 0;
    int trad = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x4E00) {
        continue;
      }
      if (TRAD.get(c)) {
        trad++;
      } else if (SIMP.get(c)) {
        simp++;
      }
    }
    return trad > 0 && trad >= 2 * simp;
  }
}
